using System.Security.Claims;

namespace Lead.Auth.Scopes;

/// <summary>What the authorizer needs from a validated access token.</summary>
public sealed record SmartTokenContext(SmartScopeSet Scopes, string? PatientId, string? FhirUser, string? ClientId)
{
    /// <summary>
    /// Reads <c>scope</c> (space-separated, or one claim per scope), <c>patient</c>, <c>fhirUser</c> and <c>client_id</c>
    /// as issued (JwtBearer with <c>MapInboundClaims = false</c>).
    /// </summary>
    public static SmartTokenContext FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var scopes = principal.FindAll(SmartClaims.Scope)
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return new SmartTokenContext(
            SmartScopeSet.Parse(scopes),
            NullIfEmpty(principal.FindFirst(SmartClaims.Patient)?.Value),
            NullIfEmpty(principal.FindFirst(SmartClaims.FhirUser)?.Value),
            NullIfEmpty(principal.FindFirst(SmartClaims.ClientId)?.Value));
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
