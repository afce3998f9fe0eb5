using System.Security.Claims;
using Lead.Auth.Clients;
using Lead.Auth.Scopes;
using Lead.Auth.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.BackendServices;

/// <summary>
/// <c>client_credentials</c> for Backend Services: the client is already authenticated (private_key_jwt) by the time
/// this runs. Grants requested ∩ registered <c>system/</c> scopes; nothing left is <c>invalid_scope</c>.
/// </summary>
internal sealed class BackendTokenIssuer(ClientRegistry clients, IOptions<SmartAuthOptions> options)
{
    public async Task<IResult> IssueAsync(HttpContext http, OpenIddictRequest request)
    {
        var client = await clients.FindAsync(request.ClientId ?? string.Empty, http.RequestAborted);
        if (client is null || client.Type != SmartClientTypes.Backend)
        {
            return OpenIddictResults.Error(Errors.UnauthorizedClient, "Only backend clients may use client_credentials.");
        }

        var requested = SmartScopeSet.Parse(request.Scope);
        if (requested.All.Count == 0)
        {
            return OpenIddictResults.Error(Errors.InvalidScope, "The scope parameter is required.");
        }

        var granted = SmartScopeIntersection.Intersect(requested, SmartScopeSet.Parse(client.Scopes))
            .Where(IsBackendScope)
            .ToList();
        if (granted.Count == 0)
        {
            return OpenIddictResults.Error(Errors.InvalidScope, "None of the requested scopes is registered for this client.");
        }

        var identity = new ClaimsIdentity(TokenValidationParameters.DefaultAuthenticationType, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId);
        identity.SetClaims(SmartClaims.Sources, [.. client.Sources]);
        identity.SetScopes(granted);
        identity.SetResources(FhirAudiences.Concrete(FhirAudiences.Origin(options.Value, http.Request), options.Value.FhirBaseUrls));
        identity.SetAccessTokenLifetime(TimeSpan.FromSeconds(options.Value.BackendAccessTokenLifetimeSeconds));
        identity.SetDestinations(static _ => [Destinations.AccessToken]);
        // SMART clients expect "scope" in every token response, even when it equals what they asked for.
        var properties = new AuthenticationProperties(new Dictionary<string, string?>(), new Dictionary<string, object?> { [Parameters.Scope] = string.Join(' ', granted) });
        return Results.SignIn(new ClaimsPrincipal(identity), properties, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>A backend token acts for a system: only system/ scopes mean anything there.</summary>
    private static bool IsBackendScope(string scope) => scope.StartsWith("system/", StringComparison.Ordinal);
}
