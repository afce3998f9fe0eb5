using System.Text.Json;
using Hl7.Fhir.Model;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>A checked notification message: its Encounter focus, the patient it is about, and the topic it raises.</summary>
/// <param name="PatientReferences">
/// The Encounter's subject and the Patient entry's fullUrl as written: the sender's own ids, which name a gateway
/// source only when they are a source's (or the gateway's per-source) URL.
/// </param>
internal sealed record AdtMessage(
    Bundle Bundle,
    string? MessageKey,
    SubscriptionTopic Topic,
    string EncounterUrl,
    JsonElement Encounter,
    IReadOnlyList<string> PatientReferences,
    IReadOnlyList<(string System, string Value)> PatientIdentifiers,
    IReadOnlyList<JsonElement> OtherResources,
    IReadOnlyList<string> ResourceTypes);
