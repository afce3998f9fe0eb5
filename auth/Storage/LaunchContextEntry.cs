namespace Lead.Auth.Storage;

/// <summary>An EHR launch registered by <c>POST {prefix}/launch</c>: the opaque <c>launch</c> value maps to patient and encounter.</summary>
internal sealed class LaunchContextEntry
{
    public required string Id { get; set; }

    public required string PatientId { get; set; }

    public string? EncounterId { get; set; }

    /// <summary>The client that the launch is meant for; null means any App Launch client.</summary>
    public string? ClientId { get; set; }

    public required string CreatedBy { get; set; }

    public long ExpiresAtUnixSeconds { get; set; }
}
