using Lead.Gateway.Subscriptions.Events;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>
/// Forwards an ADT message as an event of the encounter topic it raises, to the subscriptions whose patient filter
/// names the patient under any source's id (or that have no patient filter). Each forward is an outbox row: retried,
/// persisted, and visible in <c>$events</c>.
/// </summary>
internal sealed class MessageForwarder(PatientResolver patients, EventRecorder recorder, TimeProvider time)
{
    private static readonly string[] PatientParameters = ["patient", "subject"];

    public async Task<int> ForwardAsync(AdtMessage message, CancellationToken ct)
    {
        var references = await patients.ResolveAsync(message, ct);
        var focus = new EventFocus(null, "Encounter", message.EncounterUrl, "create", message.MessageKey, time.GetUtcNow(), message.OtherResources,
            filters => filters.All(f => PatientParameters.Contains(f.Parameter)
                ? f.Values.Any(v => references.Contains(FilterMatcher.Normalize(v.Contains('/', StringComparison.Ordinal) ? v : "Patient/" + v)!))
                : FilterMatcher.Matches([f], "Encounter", message.Encounter)));
        return await recorder.RecordAsync(message.Topic, focus, message.Encounter, ct);
    }
}
