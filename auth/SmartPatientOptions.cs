namespace Lead.Auth;

/// <summary>A patient offered by the default patient picker.</summary>
public sealed record SmartPatientOptions
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary>
    /// The FHIR base (absolute, or a path on this server) this patient is a record of; launches for another <c>aud</c>
    /// are refused. Unset: any accepted base (a deployment in front of one FHIR server).
    /// </summary>
    public string? FhirBase { get; init; }
}
