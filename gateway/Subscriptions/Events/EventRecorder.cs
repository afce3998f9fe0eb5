using System.Text.Json;
using Lead.Auth.Scopes;
using Lead.Gateway.Smart;
using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Turns a raised topic into outbox rows for the subscriptions it reaches, applying each subscriber's grants: a type it
/// may not read raises nothing; a patient/ subscriber hears only of its patient; full-resource needs read, else id-only.
/// </summary>
internal sealed class EventRecorder(SubscriptionCache cache, Outbox outbox, PatientPlaces places, TimeProvider time)
{
    /// <returns>How many subscriptions got the event.</returns>
    /// <param name="progress">Across attempts of one change: subscriptions already recorded are skipped.</param>
    public async Task<int> RecordAsync(SubscriptionTopic topic, EventFocus focus, JsonElement resource, CancellationToken ct, RecordingProgress? progress = null)
    {
        var recorded = 0;
        var reached = cache.Active.Where(s => s.Topic == topic && (s.End is null || s.End > time.GetUtcNow()) && Reaches(s, focus, resource)
            && progress?.IsRecorded(topic, s.Id) != true).ToList();
        foreach (var subscription in reached)
        {
            progress?.Due(topic, subscription.Id);
        }

        foreach (var subscription in reached)
        {
            if (focus.OncePerFocus && focus.SourceId is { } source && await outbox.HasEventAboutAsync(subscription.Id, source, focus.Type, focus.Id, ct))
            {
                progress?.Recorded(topic, subscription.Id);
                continue;
            }

            var full = subscription.Content == Backport.FullResource && GrantsRead(subscription.Scopes, focus.Type);
            var now = time.GetUtcNow().UtcTicks;
            var row = new NotificationRow
            {
                SubscriptionId = subscription.Id,
                Kind = Backport.EventNotification,
                DedupeKey = focus.DedupeKey is null ? null : focus.DedupeKey + "|" + topic.Key,
                TimestampTicks = now,
                AcceptedTicks = focus.AcceptedAt.UtcTicks,
                NextAttemptTicks = now,
                FocusSource = focus.SourceId,
                FocusType = focus.Type,
                FocusId = focus.Id,
                Interaction = focus.Interaction,
                FocusJson = full ? resource.GetRawText() : null,
                ContextJson = full ? ReadableContext(subscription, focus.Context) : null,
            };
            if (await outbox.AddEventAsync(subscription.Id, row, ct))
            {
                recorded++;
            }

            progress?.Recorded(topic, subscription.Id);
        }

        return recorded;
    }

    private bool Reaches(ActiveSubscription subscription, EventFocus focus, JsonElement resource) =>
        (focus.SourceId is null || subscription.MayUseSource(focus.SourceId))
        && subscription.MayRead(focus.Type)
        && (!subscription.IsPatientBound || (subscription.PatientKey is { } patient && InCompartment(patient, focus, resource)))
        && (focus.MatchesFilters ?? (f => FilterMatcher.Matches(f, focus.Type, resource, r => places.Place(r, focus.SourceId, null))))(subscription.Filters);

    /// <summary>
    /// The patient/ subscriber's own patient: the resource's patient element names it in the source the resource is
    /// in (the same id in another source is somebody else); a forwarded message, when the gateway found the patient.
    /// </summary>
    private bool InCompartment(string patientKey, EventFocus focus, JsonElement resource)
    {
        if (focus.SourceId is not { } source)
        {
            return focus.Patients?.Contains(patientKey) == true;
        }

        if (focus.Type == "Patient")
        {
            return resource.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && places.ForToken(id.GetString()!, source) == patientKey;
        }

        return PatientSearchParameters.References(resource, focus.Type).Any(r => places.Place(r, source, null) == patientKey);
    }

    /// <summary>Read without query constraints: a constrained grant cannot be checked against an event (fail closed).</summary>
    private static bool GrantsRead(SmartScopeSet scopes, string type) => SubscriberGrants.MayReadResource(scopes, type);

    private static string? ReadableContext(ActiveSubscription subscription, IReadOnlyList<JsonElement> context)
    {
        var readable = context.Where(r => r.TryGetProperty("resourceType", out var t) && GrantsRead(subscription.Scopes, t.GetString() ?? "")
            && (!subscription.IsPatientBound || (PatientPlaces.Parse(subscription.PatientKey) is { } patient && SmartResponseChecks.BelongsToPatient(r, t.GetString()!, patient.Id)))).ToList();
        return readable.Count == 0 ? null : JsonSerializer.Serialize(readable);
    }
}
