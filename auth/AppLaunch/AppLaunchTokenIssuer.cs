using System.Security.Claims;
using Lead.Auth.Clients;
using Lead.Auth.Scopes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Lead.Auth.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// Redeems authorization codes and refresh tokens. OpenIddict has already checked the code (single use, PKCE verifier,
/// redirect_uri, client) or refresh token, and that a refresh asks for no scope beyond the original grant; this narrows
/// the grant to what is asked and returns the launch context (<c>patient</c>, <c>encounter</c>) next to the tokens.
/// A refresh is re-checked against today's registration (the client, its scopes and sources, the sandbox user), and
/// never extends the refresh token's original expiry: a chain of refreshes ends when the first refresh token would have.
/// </summary>
internal sealed class AppLaunchTokenIssuer(IOptions<SmartAuthOptions> options, ClientRegistry clients, TimeProvider time)
{
    public async Task<IResult> IssueAsync(HttpContext http, OpenIddictRequest request)
    {
        var authenticated = await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
        if (authenticated.Principal is not { } principal)
        {
            return OpenIddictResults.Error(Errors.InvalidGrant, "The authorization code or refresh token is no longer valid.");
        }

        if (request.IsRefreshTokenGrantType() && !string.IsNullOrEmpty(request.Scope))
        {
            // Refresh never widens: OpenIddict refuses unknown scopes; this keeps only what was asked for.
            var asked = SmartScopeSet.Parse(request.Scope);
            var current = principal.GetScopes();
            if (asked.All.Any(s => !current.Contains(s, StringComparer.Ordinal)))
            {
                return OpenIddictResults.Error(Errors.InvalidScope, "A refresh cannot add scopes to the original grant.");
            }

            principal.SetScopes(asked.All);
        }

        var identity = (ClaimsIdentity)principal.Identity!;
        var refreshLifetime = TimeSpan.FromSeconds(options.Value.RefreshTokenLifetimeSeconds);
        if (request.IsRefreshTokenGrantType())
        {
            if (await RecheckAsync(principal, request.ClientId, http.RequestAborted) is { } refused)
            {
                return refused;
            }

            // Absolute lifetime: whatever OpenIddict issues now (rolling refresh tokens) expires with the one presented.
            var remaining = principal.GetExpirationDate() is { } expires ? expires - time.GetUtcNow() : TimeSpan.Zero;
            if (remaining <= TimeSpan.Zero)
            {
                return OpenIddictResults.Error(Errors.InvalidGrant, "The refresh token is no longer valid.");
            }

            refreshLifetime = remaining < refreshLifetime ? remaining : refreshLifetime;
        }

        identity.SetAccessTokenLifetime(TimeSpan.FromSeconds(options.Value.AccessTokenLifetimeSeconds));
        identity.SetRefreshTokenLifetime(refreshLifetime);
        identity.SetDestinations(LaunchClaims.Destinations);

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal) { [Parameters.Scope] = string.Join(' ', principal.GetScopes()) };
        foreach (var name in new[] { SmartClaims.Patient, SmartClaims.Encounter })
        {
            if (principal.GetClaim(name) is { Length: > 0 } value)
            {
                parameters[name] = value;
            }
        }

        if (principal.GetClaim(LaunchClaims.NeedPatientBanner) is { } banner)
        {
            parameters["need_patient_banner"] = banner == "true";
        }

        var properties = new AuthenticationProperties(new Dictionary<string, string?>(), parameters);
        return Results.SignIn(principal, properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Narrows the grant to the client's current registration: scopes re-intersected, sources re-intersected (none =
    /// all), and refuses (<c>invalid_grant</c>) when the client, its last resource scope, its sources or the sandbox user are gone.
    /// </summary>
    private async Task<IResult?> RecheckAsync(ClaimsPrincipal principal, string? clientId, CancellationToken cancellationToken)
    {
        var client = string.IsNullOrEmpty(clientId) ? null : await clients.FindAsync(clientId, cancellationToken);
        if (client is null || client.Type == SmartClientTypes.Backend)
        {
            return OpenIddictResults.Error(Errors.InvalidGrant, "The client is no longer registered for App Launch.");
        }

        var scopes = SmartScopeIntersection.Intersect(SmartScopeSet.Parse(principal.GetScopes()), SmartScopeSet.Parse(client.Scopes));
        if (!SmartScopeSet.Parse(scopes).Grants.Any())
        {
            return OpenIddictResults.Error(Errors.InvalidGrant, "The client's registration no longer grants these scopes.");
        }

        var granted = principal.FindAll(SmartClaims.Sources).Select(c => c.Value).ToList();
        var sources = (granted.Count, client.Sources.Count) switch
        {
            (0, _) => client.Sources.ToList(),
            (_, 0) => granted,
            _ => granted.Intersect(client.Sources, StringComparer.Ordinal).ToList(),
        };
        if (sources.Count == 0 && (granted.Count > 0 || client.Sources.Count > 0))
        {
            // No source left would read as "every source".
            return OpenIddictResults.Error(Errors.InvalidGrant, "The client's registration no longer grants these sources.");
        }

        var settings = options.Value;
        var subject = principal.GetClaim(Claims.Subject);
        if (!settings.ExternalSignIn.IsEnabled && !settings.Users.Any(u => string.Equals(u.Username, subject, StringComparison.Ordinal)))
        {
            return OpenIddictResults.Error(Errors.InvalidGrant, "The user is no longer known.");
        }

        principal.SetScopes(scopes);
        ((ClaimsIdentity)principal.Identity!).SetClaims(SmartClaims.Sources, [.. sources]);
        return null;
    }
}
