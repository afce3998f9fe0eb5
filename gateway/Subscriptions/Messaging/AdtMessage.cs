using System.Text.Json;
using Hl7.Fhir.Model;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>A checked notification message: its Encounter focus, the patient it is about, and the topic it raises.</summary>
internal sealed record AdtMessage(
    Bundle Bundle,
    string? MessageKey,
    SubscriptionTopic Topic,
    string EncounterUrl,
    JsonElement Encounter,
    string? PatientReference,
    IReadOnlyList<(string System, string Value)> PatientIdentifiers,
    IReadOnlyList<JsonElement> OtherResources,
    IReadOnlyList<string> ResourceTypes);
