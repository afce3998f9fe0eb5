namespace Lead.Auth;

/// <summary>A sandbox user of the sign-in page. <see cref="PasswordHash"/> is made by <c>SandboxPasswordHasher.Hash</c> (PBKDF2).</summary>
public sealed record SmartUserOptions
{
    public string Username { get; init; } = string.Empty;

    public string PasswordHash { get; init; } = string.Empty;

    /// <summary>FHIR reference of the user, e.g. <c>Practitioner/123</c> or an absolute URL; becomes the <c>fhirUser</c> claim.</summary>
    public string? FhirUser { get; init; }

    public string? DisplayName { get; init; }
}
