using Lead.Gateway.Subscriptions.Events;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>
/// Forwards an ADT message as an event of the encounter topic it raises, to the subscriptions whose patient filter
/// names one of the patient's records, as (source, id), or that have no patient filter. Each forward is an outbox row: retried,
/// persisted, and visible in <c>$events</c>.
/// </summary>
internal sealed class MessageForwarder(PatientResolver patients, EventRecorder recorder, TimeProvider time)
{
    private static readonly string[] PatientParameters = ["patient", "subject"];

    /// <param name="gatewayBase">The gateway's unified FHIR base as the sender sees it.</param>
    public async Task<int> ForwardAsync(AdtMessage message, string gatewayBase, CancellationToken ct)
    {
        var references = await patients.ResolveAsync(message, gatewayBase, ct);
        // Subscriptions' patient values are already (source, id) keys; the message's own references have no source.
        var focus = new EventFocus(null, "Encounter", message.EncounterUrl, "create", message.MessageKey, time.GetUtcNow(), message.OtherResources,
            filters => filters.All(f => PatientParameters.Contains(f.Parameter)
                ? f.Values.Any(references.Contains)
                : FilterMatcher.Matches([f], "Encounter", message.Encounter, _ => null)),
            references);
        return await recorder.RecordAsync(message.Topic, focus, message.Encounter, ct);
    }
}
