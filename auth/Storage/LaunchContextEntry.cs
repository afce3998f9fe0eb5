namespace Lead.Auth.Storage;

/// <summary>An EHR launch registered by <c>POST {prefix}/launch</c>: the opaque <c>launch</c> value maps to patient and encounter.</summary>
internal sealed class LaunchContextEntry
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public string? EncounterId { get; set; }

    /// <summary>The client that the launch is meant for; null only in rows from before it was required (refused).</summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// The FHIR base (absolute) the launch is for: the app's <c>iss</c> and the <c>aud</c> it must ask for, the server
    /// whose record <see cref="PatientId"/> is. Null only in rows from before it was required (refused).
    /// </summary>
    public string? FhirBase { get; set; }

    public required string CreatedBy { get; set; }

    public long ExpiresAtUnixSeconds { get; set; }
}
