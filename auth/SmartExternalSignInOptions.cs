namespace Lead.Auth;

/// <summary>
/// Federated sign-in (<c>Auth:ExternalSignIn</c>): users sign in at an existing OpenID Connect provider instead of the
/// sandbox page. The provider's <c>sub</c> and <c>name</c> are kept; <see cref="FhirUserClaim"/> becomes <c>fhirUser</c>.
/// </summary>
public sealed record SmartExternalSignInOptions
{
    public string? Authority { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>The provider's claim holding the user's FHIR reference (e.g. <c>Practitioner/123</c>).</summary>
    public string FhirUserClaim { get; init; } = "fhirUser";

    /// <summary>Extra scopes asked of the provider besides <c>openid</c>.</summary>
    public List<string> Scopes { get; init; } = [];

    public bool IsEnabled => !string.IsNullOrWhiteSpace(Authority);
}
