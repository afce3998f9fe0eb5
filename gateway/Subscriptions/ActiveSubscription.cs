using Lead.Auth.Scopes;
using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions;

/// <summary>An active subscription as event matching needs it: topic, filters and the subscriber's grants, parsed once.</summary>
internal sealed record ActiveSubscription(
    string Id,
    SubscriptionTopic Topic,
    IReadOnlyList<SubscriptionFilter> Filters,
    string Content,
    SmartScopeSet Scopes,
    string? PatientId,
    IReadOnlyList<string> Sources,
    DateTimeOffset? End)
{
    public static ActiveSubscription? From(SubscriptionRow row)
    {
        if (Topics.Find(row.Topic) is not { } topic)
        {
            return null;
        }

        var filters = new List<SubscriptionFilter>();
        foreach (var line in row.Filters.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            filters.AddRange(SubscriptionFilter.Parse(line, topic).Filters ?? []);
        }

        return new ActiveSubscription(row.Id, topic, filters, row.Content, SmartScopeSet.Parse(row.Scopes), row.PatientId,
            row.Sources.Split(' ', StringSplitOptions.RemoveEmptyEntries),
            row.EndTicks is { } end ? new DateTimeOffset(end, TimeSpan.Zero) : null);
    }

    public bool MayUseSource(string sourceId) => Sources.Count == 0 || Sources.Contains(sourceId, StringComparer.Ordinal);

    /// <summary>Whether the subscriber's grants let it read this type at all (any context; unconstrained grants only).</summary>
    public bool MayRead(string type) => SubscriberGrants.MayRead(Scopes, type);
}
