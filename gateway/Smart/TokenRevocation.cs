using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Lead.Gateway.Smart;

/// <summary>
/// Revocation of the tokens this gateway issued (<c>/auth/revoke</c>, or a client or authorization revoked by an
/// operator) takes effect at the FHIR routes too, not only at introspection: the validated principal is cached until
/// the token expires, so without this a revoked token kept working for up to its lifetime. The token's entry in the
/// store is read at most once per <see cref="SmartOptions.RevocationCheckInterval"/> per token. Fails closed: a token
/// without an entry (or whose entry cannot be read) is refused. Not used when another server issues the tokens
/// (<c>Auth:Authority</c>): that server's revocation is only visible through its introspection endpoint.
/// </summary>
internal sealed class TokenRevocation(IServiceScopeFactory scopes, IOptions<SmartOptions> options, TimeProvider time, ILogger<TokenRevocation> logger)
{
    private const int MaxEntries = 50_000;
    private readonly ConcurrentDictionary<string, (bool Active, DateTimeOffset Checked)> checks = new(StringComparer.Ordinal);

    public async ValueTask<bool> IsActiveAsync(ClaimsPrincipal principal, CancellationToken ct)
    {
        var id = principal.FindFirst(OpenIddictConstants.Claims.Private.TokenId)?.Value;
        if (string.IsNullOrEmpty(id))
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (checks.TryGetValue(id, out var known) && now - known.Checked < options.Value.RevocationCheckInterval)
        {
            return known.Active;
        }

        bool active;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
            var token = await tokens.FindByIdAsync(id, ct);
            active = token is not null && await tokens.HasStatusAsync(token, OpenIddictConstants.Statuses.Valid, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read a token's revocation status; the request is refused");
            return false;
        }

        if (checks.Count >= MaxEntries)
        {
            checks.Clear();
        }

        checks[id] = (active, now);
        return active;
    }
}
