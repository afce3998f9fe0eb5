namespace Lead.Auth.Scopes;

/// <summary>What a FHIR REST request touches, reduced to what scopes speak about.</summary>
internal sealed record FhirRequestTarget(
    string? ResourceType,
    string? Id,
    SmartInteraction Interaction,
    bool IsOpen = false,
    bool IsBundle = false,
    bool IsSystemLevel = false,
    string? CompartmentPatientId = null,
    string? Error = null);
