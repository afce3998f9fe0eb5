using Lead.Auth.Scopes;
using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions;

/// <summary>An active subscription as event matching needs it: topic, filters and the subscriber's grants, parsed once.</summary>
/// <param name="Filters">Patient values placed in their source (<see cref="Events.PatientPlaces"/>).</param>
/// <param name="IsPatientBound">Created by a patient/ token: it hears only of <paramref name="PatientKey"/>.</param>
/// <param name="PatientKey">The token's patient as (source, id) key; null when it cannot be placed (hears nothing).</param>
internal sealed record ActiveSubscription(
    string Id,
    SubscriptionTopic Topic,
    IReadOnlyList<SubscriptionFilter> Filters,
    string Content,
    SmartScopeSet Scopes,
    bool IsPatientBound,
    string? PatientKey,
    IReadOnlyList<string> Sources,
    DateTimeOffset? End)
{
    public static ActiveSubscription? From(SubscriptionRow row, Events.PatientPlaces places)
    {
        if (Topics.Find(row.Topic) is not { } topic)
        {
            return null;
        }

        var filters = new List<SubscriptionFilter>();
        foreach (var line in row.Filters.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            filters.AddRange((SubscriptionFilter.Parse(line, topic).Filters ?? []).Select(f => places.ForFilter(f, row.FhirBase)));
        }

        return new ActiveSubscription(row.Id, topic, filters, row.Content, SmartScopeSet.Parse(row.Scopes),
            row.PatientId is not null, Events.PatientPlaces.Parse(row.PatientId) is not null ? row.PatientId : null,
            row.Sources.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            row.EndTicks is { } end ? new DateTimeOffset(end, TimeSpan.Zero) : null);
    }

    public bool MayUseSource(string sourceId) => Sources.Count == 0 || Sources.Contains(sourceId, StringComparer.Ordinal);

    /// <summary>Whether the subscriber's grants let it read this type at all (any context; unconstrained grants only).</summary>
    public bool MayRead(string type) => SubscriberGrants.MayRead(Scopes, type);
}
