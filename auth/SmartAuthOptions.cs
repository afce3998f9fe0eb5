using System.ComponentModel.DataAnnotations;

namespace Lead.Auth;

/// <summary>Configuration of the SMART-on-FHIR authorization server (section <c>Auth</c>).</summary>
public sealed record SmartAuthOptions : IValidatableObject
{
    public const string SectionName = "Auth";

    /// <summary>Absolute issuer URL; when empty, OpenIddict derives it from each request's base URL.</summary>
    [Url]
    public string? Issuer { get; init; }

    /// <summary>Path under which the endpoints are mapped: <c>{PathPrefix}/token</c>, <c>/authorize</c>, <c>/jwks</c>...</summary>
    [Required, RegularExpression("^/[A-Za-z0-9/_-]*[A-Za-z0-9_-]$", ErrorMessage = "Auth:PathPrefix must start with '/' and not end with '/'.")]
    public string PathPrefix { get; init; } = "/auth";

    /// <summary>Backend Services access tokens; SMART caps them at 300 seconds.</summary>
    [Range(30, 300)]
    public int BackendAccessTokenLifetimeSeconds { get; init; } = 300;

    /// <summary>App Launch access tokens.</summary>
    [Range(60, 86_400)]
    public int AccessTokenLifetimeSeconds { get; init; } = 3600;

    /// <summary>Authorization codes: single use and short.</summary>
    [Range(10, 600)]
    public int AuthorizationCodeLifetimeSeconds { get; init; } = 60;

    [Range(300, 90 * 86_400)]
    public int RefreshTokenLifetimeSeconds { get; init; } = 14 * 86_400;

    /// <summary>
    /// FHIR base URLs accepted as the authorize request's <c>aud</c> and issued as access-token audiences. Entries are
    /// absolute (<c>https://gw.example/fhir</c>) or paths resolved against the request's host (<c>/fhir</c>); a trailing
    /// <c>/*</c> accepts one more segment (<c>/fhir/*</c> covers <c>/fhir/{source}</c>).
    /// </summary>
    [MinLength(1)]
    public List<string> FhirBaseUrls { get; init; } = ["/fhir", "/fhir/*"];

    /// <summary>Client registrations synchronized into the store at start-up.</summary>
    public List<SmartClientOptions> Clients { get; init; } = [];

    /// <summary>Sandbox users for the sign-in page.</summary>
    public List<SmartUserOptions> Users { get; init; } = [];

    /// <summary>Patients offered by the default patient picker when the host registers no <see cref="AppLaunch.IPatientDirectory"/>.</summary>
    public List<SmartPatientOptions> Patients { get; init; } = [];

    /// <summary>Sign users in at an external OpenID Connect provider instead of the sandbox page.</summary>
    public SmartExternalSignInOptions ExternalSignIn { get; init; } = new();

    /// <summary>Encryption at rest of the Data Protection key ring (sign-in cookie, antiforgery).</summary>
    public SmartDataProtectionOptions DataProtection { get; init; } = new();

    /// <summary>Allow <c>jwks_uri</c> on loopback, link-local and private addresses (tests and closed networks only).</summary>
    public bool AllowPrivateJwksUris { get; init; }

    /// <summary>Accept plain http (tests and loopback development only).</summary>
    public bool DisableTransportSecurityRequirement { get; init; }

    /// <summary>For <c>AddSmartTokenValidation</c>: an external SMART server's authority instead of this server's keys.</summary>
    [Url]
    public string? Authority { get; init; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var client in Clients)
        {
            foreach (var error in client.Validate())
            {
                yield return new ValidationResult($"Auth:Clients '{client.ClientId}': {error}");
            }
        }

        foreach (var duplicate in Clients.GroupBy(c => c.ClientId, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            yield return new ValidationResult($"Auth:Clients: client id '{duplicate.Key}' is registered twice.");
        }

        if (ExternalSignIn.IsEnabled && (string.IsNullOrWhiteSpace(ExternalSignIn.ClientId) || !Uri.TryCreate(ExternalSignIn.Authority, UriKind.Absolute, out _)))
        {
            yield return new ValidationResult("Auth:ExternalSignIn needs an absolute Authority and a ClientId.");
        }

        foreach (var user in Users.Where(u => string.IsNullOrWhiteSpace(u.Username) || string.IsNullOrWhiteSpace(u.PasswordHash)))
        {
            yield return new ValidationResult($"Auth:Users '{user.Username}': Username and PasswordHash are required.");
        }
    }
}
