using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace Lead.Gateway.Smart;

/// <summary>
/// The FHIR routes' authentication scheme: JwtBearer validates a token the first time it is seen under a FHIR base,
/// and the resulting principal is reused until the token expires. A client sends the same token on every request;
/// rebuilding the principal each time was most of what authorization cost on the proxy's hot path. Anything but a
/// successful validation (no token, bad token) is JwtBearer's own answer, challenge included.
/// </summary>
internal sealed class CachedBearerHandler(BearerPrincipalCache cache, TimeProvider time, TokenRevocation? revocation = null) : IAuthenticationHandler
{
    public const string SchemeName = "FhirBearer";

    private HttpContext context = null!;

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        this.context = context;
        return Task.CompletedTask;
    }

    public async Task<AuthenticateResult> AuthenticateAsync()
    {
        var header = context.Request.Headers.Authorization.ToString();
        var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? BearerPrincipalCache.Key(header, context.Request) : null;
        if (key is not null && cache.TryGet(key, time.GetUtcNow(), out var ticket))
        {
            return await NotRevokedAsync(AuthenticateResult.Success(ticket));
        }

        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (key is not null && result.Succeeded
            && long.TryParse(result.Principal.FindFirst("exp")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var exp))
        {
            cache.Set(key, result.Ticket, DateTimeOffset.FromUnixTimeSeconds(exp));
        }

        return await NotRevokedAsync(result);
    }

    // A valid signature and lifetime are not enough for a token this gateway issued: it may have been revoked since.
    private async Task<AuthenticateResult> NotRevokedAsync(AuthenticateResult result) =>
        revocation is null || !result.Succeeded || await revocation.IsActiveAsync(result.Principal, context.RequestAborted)
            ? result
            : AuthenticateResult.Fail("The access token has been revoked.");

    public Task ChallengeAsync(AuthenticationProperties? properties) => context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme, properties);

    public Task ForbidAsync(AuthenticationProperties? properties) => context.ForbidAsync(JwtBearerDefaults.AuthenticationScheme, properties);
}

/// <summary>Validated principals by token and FHIR base (the audience binding depends on the base), bounded.</summary>
internal sealed class BearerPrincipalCache
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, (AuthenticationTicket Ticket, DateTimeOffset Expires)> entries = new(StringComparer.Ordinal);

    public bool TryGet(string key, DateTimeOffset now, out AuthenticationTicket ticket)
    {
        if (entries.TryGetValue(key, out var entry) && entry.Expires > now)
        {
            ticket = entry.Ticket;
            return true;
        }

        ticket = null!;
        return false;
    }

    public void Set(string key, AuthenticationTicket ticket, DateTimeOffset expires)
    {
        if (entries.Count >= MaxEntries)
        {
            // A flood of distinct tokens costs validations, never memory.
            entries.Clear();
        }

        entries[key] = (ticket, expires);
    }

    /// <summary>The header, origin and first two path segments (<c>/fhir/{source}</c>): what validation depends on.</summary>
    public static string Key(string header, HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        var cut = path.Length;
        for (int i = 0, slashes = 0; i < path.Length; i++)
        {
            if (path[i] == '/' && ++slashes == 3)
            {
                cut = i;
                break;
            }
        }

        return string.Join(null, header, "|", request.Scheme, "://", request.Host.Value, request.PathBase.Value, path[..cut]);
    }
}
