using System.Security.Claims;

namespace Lead.Auth.Scopes;

/// <summary>What the authorizer needs from a validated access token.</summary>
public sealed record SmartTokenContext(SmartScopeSet Scopes, string? PatientId, string? FhirUser, string? ClientId)
{
    /// <summary>Source ids from the <c>lead_sources</c> claim; empty means the client may use every source.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Whether the token's client is registered for the FHIR source (per-source bases <c>/fhir/{source}</c>).</summary>
    public bool MayUseSource(string sourceId) => Sources.Count == 0 || Sources.Contains(sourceId, StringComparer.Ordinal);

    /// <summary>
    /// Reads <c>scope</c> (space-separated, or one claim per scope), <c>patient</c>, <c>fhirUser</c>, <c>client_id</c> and <c>lead_sources</c>
    /// as issued (JwtBearer with <c>MapInboundClaims = false</c>).
    /// </summary>
    public static SmartTokenContext FromPrincipal(ClaimsPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        // A validated token's principal is reused across its requests (the gateway caches it until expiry): read it once.
        return ByPrincipal.GetValue(principal, Read);
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClaimsPrincipal, SmartTokenContext> ByPrincipal = new();

    private static SmartTokenContext Read(ClaimsPrincipal principal)
    {
        var scopeClaims = principal.FindAll(SmartClaims.Scope).Select(c => c.Value).ToList();
        var scopes = scopeClaims.Count == 1
            ? ScopeSetCache.Parse(scopeClaims[0])
            : SmartScopeSet.Parse(scopeClaims.SelectMany(c => c.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        return new SmartTokenContext(
            scopes,
            NullIfEmpty(principal.FindFirst(SmartClaims.Patient)?.Value),
            NullIfEmpty(principal.FindFirst(SmartClaims.FhirUser)?.Value),
            NullIfEmpty(principal.FindFirst(SmartClaims.ClientId)?.Value))
        {
            Sources = principal.FindAll(SmartClaims.Sources).Select(c => c.Value).ToList(),
        };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
