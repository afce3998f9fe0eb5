using System.Security.Claims;
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
/// </summary>
internal sealed class AppLaunchTokenIssuer(IOptions<SmartAuthOptions> options)
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
        identity.SetAccessTokenLifetime(TimeSpan.FromSeconds(options.Value.AccessTokenLifetimeSeconds));
        identity.SetRefreshTokenLifetime(TimeSpan.FromSeconds(options.Value.RefreshTokenLifetimeSeconds));
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
}
