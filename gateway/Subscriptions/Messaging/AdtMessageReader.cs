using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Subscriptions.Events;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>
/// Reads a Da Vinci Unsolicited Notifications message: a Bundle of type message whose first entry is a MessageHeader
/// focused on an Encounter in the Bundle. The Bundle must be valid R4 (strict parsing); the checks here are the
/// message's own rules.
/// </summary>
internal static class AdtMessageReader
{
    private static readonly FhirJsonDeserializer Deserializer = new();
    private static readonly FhirJsonSerializer Serializer = new();

    /// <param name="senderClientId">The sending client: message identifiers are the sender's, so they are unique only with it.</param>
    public static (AdtMessage? Message, string? Error) Read(string json, string senderClientId)
    {
        Bundle bundle;
        try
        {
            if (Deserializer.DeserializeResource(json) is not Bundle parsed)
            {
                return (null, "The body must be a Bundle of type message.");
            }

            bundle = parsed;
        }
        catch (DeserializationFailedException ex)
        {
            return (null, "The message is not valid FHIR R4: " + string.Join("; ", ex.Exceptions.Take(5).Select(e => e.Message)));
        }
        catch (JsonException)
        {
            return (null, "The body is not well-formed JSON.");
        }

        if (bundle.Type != Bundle.BundleType.Message)
        {
            return (null, "Bundle.type must be 'message'.");
        }

        if (bundle.Entry.FirstOrDefault()?.Resource is not MessageHeader header)
        {
            return (null, "The first entry of a message must be a MessageHeader.");
        }

        if (header.Event is not Coding eventCoding)
        {
            return (null, "MessageHeader.eventCoding is required.");
        }

        var focus = header.Focus.Select(f => Resolve(bundle, f.Reference)).FirstOrDefault(e => e?.Resource is Encounter);
        if (focus?.Resource is not Encounter encounter)
        {
            return (null, "MessageHeader.focus must reference an Encounter carried in the Bundle.");
        }

        var subject = encounter.Subject?.Reference;
        var patient = Resolve(bundle, subject)?.Resource as Patient;
        if (subject is null || (patient is null && !subject.Contains("Patient/", StringComparison.Ordinal)))
        {
            return (null, "The Encounter must have a subject referencing a Patient.");
        }

        using var encounterJson = JsonDocument.Parse(Serializer.SerializeToString(encounter));
        var topic = TopicFor(eventCoding.Code, encounterJson.RootElement);
        if (topic is null)
        {
            return (null, $"The message event '{eventCoding.Code}' is neither an admission nor a discharge, and the Encounter shows neither.");
        }

        var identifiers = patient?.Identifier.Where(i => i.System is not null && i.Value is not null).Select(i => (i.System!, i.Value!)).ToList() ?? [];
        var others = bundle.Entry.Where(e => e != focus && e.Resource is not null)
            .Select(e => JsonDocument.Parse(Serializer.SerializeToString(e.Resource!)).RootElement.Clone()).ToList();
        var encounterUrl = focus.FullUrl is { } url && url.Contains(':', StringComparison.Ordinal) ? url : $"Encounter/{encounter.Id}";
        return (new AdtMessage(bundle, MessageKey(bundle, senderClientId), topic, encounterUrl, encounterJson.RootElement.Clone(),
            new[] { subject, Resolve(bundle, subject)?.FullUrl }.OfType<string>().Distinct(StringComparer.Ordinal).ToList(), identifiers, others,
            bundle.Entry.Select(e => e.Resource?.TypeName).OfType<string>().Distinct().ToList()), null);
    }

    /// <summary>
    /// The message's identity for dedupe: (sender, Bundle.identifier system, value), since two senders may both number
    /// their messages 1, 2, 3. Without an identifier there is no dedupe: Bundle.id and MessageHeader.id need not be
    /// stable across a resend nor unique over time, and a duplicate notification is better than a lost admission.
    /// </summary>
    private static string? MessageKey(Bundle bundle, string senderClientId) =>
        bundle.Identifier?.Value is { Length: > 0 } value
            ? $"message/{Uri.EscapeDataString(senderClientId)}/{Uri.EscapeDataString(bundle.Identifier.System ?? "")}|{Uri.EscapeDataString(value)}"
            : null;

    /// <summary>Da Vinci codes (notification-admit, notification-discharge; older ballots' notify-*), else the Encounter's state.</summary>
    private static SubscriptionTopic? TopicFor(string? code, JsonElement encounter) => code switch
    {
        _ when code?.Contains("admit", StringComparison.OrdinalIgnoreCase) == true => Topics.EncounterStart,
        _ when code?.Contains("discharge", StringComparison.OrdinalIgnoreCase) == true => Topics.EncounterEnd,
        _ when TopicTriggers.Ended(encounter) => Topics.EncounterEnd,
        _ when TopicTriggers.Started(encounter) => Topics.EncounterStart,
        _ => null,
    };

    /// <summary>An entry by fullUrl, or by <c>Type/id</c> against the entries' resources.</summary>
    private static Bundle.EntryComponent? Resolve(Bundle bundle, string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        return bundle.Entry.FirstOrDefault(e => e.FullUrl == reference)
            ?? bundle.Entry.FirstOrDefault(e => e.Resource is { } r && FilterMatcher.Normalize(reference) == $"{r.TypeName}/{r.Id}");
    }
}
