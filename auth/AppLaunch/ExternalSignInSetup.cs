using System.Security.Claims;
using Lead.Auth.Scopes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Auth.AppLaunch;

/// <summary>Federated sign-in: an OpenID Connect code flow (PKCE) whose result lands in the same sign-in cookie as the sandbox page.</summary>
internal static class ExternalSignInSetup
{
    public static void AddExternalSignIn(this AuthenticationBuilder authentication, SmartAuthOptions options)
    {
        var external = options.ExternalSignIn;
        if (!external.IsEnabled)
        {
            return;
        }

        authentication.AddOpenIdConnect(SmartAuthDefaults.ExternalSignInScheme, oidc =>
        {
            oidc.Authority = external.Authority;
            oidc.ClientId = external.ClientId;
            oidc.ClientSecret = external.ClientSecret;
            oidc.ResponseType = "code";
            oidc.UsePkce = true;
            oidc.SignInScheme = SmartAuthDefaults.SignInScheme;
            oidc.CallbackPath = options.PathPrefix + "/signin-oidc";
            oidc.MapInboundClaims = false;
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.SaveTokens = false;
            oidc.RequireHttpsMetadata = !options.DisableTransportSecurityRequirement;
            oidc.TokenValidationParameters.NameClaimType = "name";
            if (options.DisableTransportSecurityRequirement)
            {
                // Loopback development and tests: correlation and nonce cookies must survive plain http.
                oidc.CorrelationCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                oidc.NonceCookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            }

            foreach (var scope in external.Scopes)
            {
                oidc.Scope.Add(scope);
            }

            oidc.Events.OnTokenValidated = context =>
            {
                if (context.Principal?.Identity is ClaimsIdentity identity && external.FhirUserClaim != SmartClaims.FhirUser
                    && identity.FindFirst(external.FhirUserClaim) is { } fhirUser)
                {
                    identity.AddClaim(new Claim(SmartClaims.FhirUser, fhirUser.Value));
                }

                return Task.CompletedTask;
            };
        });
    }

    /// <summary>Where an unauthenticated user is sent: the external provider when configured, else the sandbox page.</summary>
    public static string ChallengeScheme(SmartAuthOptions options) =>
        options.ExternalSignIn.IsEnabled ? SmartAuthDefaults.ExternalSignInScheme : SmartAuthDefaults.SignInScheme;
}
