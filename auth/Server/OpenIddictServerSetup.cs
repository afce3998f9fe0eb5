using Lead.Auth.AppLaunch;
using Lead.Auth.BackendServices;
using Microsoft.Extensions.DependencyInjection;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.Server;

/// <summary>OpenIddict server configuration for SMART: signed (not encrypted) JWT access tokens, PKCE S256 only, SMART client assertions.</summary>
internal static class OpenIddictServerSetup
{
    public static void AddSmartOpenIddictServer(this IServiceCollection services, SmartAuthOptions options, ServerKeyStore keys)
    {
        // OpenIddict wants endpoint paths relative to the issuer, without the leading slash.
        var prefix = options.PathPrefix.TrimStart('/');
        services.AddOpenIddict().AddServer(server =>
        {
            if (!string.IsNullOrEmpty(options.Issuer))
            {
                server.SetIssuer(new Uri(options.Issuer, UriKind.Absolute));
            }

            server.SetAuthorizationEndpointUris($"{prefix}/authorize")
                .SetTokenEndpointUris($"{prefix}/token")
                .SetIntrospectionEndpointUris($"{prefix}/introspect")
                .SetRevocationEndpointUris($"{prefix}/revoke")
                .SetJsonWebKeySetEndpointUris($"{prefix}/jwks")
                .SetConfigurationEndpointUris($"{prefix}/.well-known/openid-configuration");

            server.AllowClientCredentialsFlow().AllowAuthorizationCodeFlow().AllowRefreshTokenFlow();
            server.RequireProofKeyForCodeExchange();

            // SMART scopes are an open grammar (patient/Observation.rs?category=...): granted scopes are computed as
            // requested ∩ registered by the token and authorize endpoints instead of OpenIddict's scope registry.
            server.DisableScopeValidation();
            server.IgnoreScopePermissions();

            server.SetAccessTokenLifetime(TimeSpan.FromSeconds(options.AccessTokenLifetimeSeconds))
                .SetAuthorizationCodeLifetime(TimeSpan.FromSeconds(options.AuthorizationCodeLifetimeSeconds))
                .SetRefreshTokenLifetime(TimeSpan.FromSeconds(options.RefreshTokenLifetimeSeconds))
                .SetIdentityTokenLifetime(TimeSpan.FromMinutes(10));

            // RSA-2048 keys persisted in the data directory; access tokens are signed JWTs that JwtBearer validates.
            // An encryption key is still required (authorization codes and refresh tokens stay encrypted).
            server.AddSigningKey(keys.SigningKey).AddEncryptionKey(keys.EncryptionKey);
            server.DisableAccessTokenEncryption();

            server.AddEventHandler(SmartClientAssertionHandler.Descriptor);
            server.AddEventHandler(RefreshScopeHandler.Descriptor);
            server.AddEventHandler(OnlineAccessRefreshHandler.Descriptor);

            // PKCE: S256 only; "plain" (and a challenge without a method, which means plain) is refused.
            server.Configure(o => o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain));

            var aspNetCore = server.UseAspNetCore()
                .EnableAuthorizationEndpointPassthrough()
                .EnableTokenEndpointPassthrough();
            if (options.DisableTransportSecurityRequirement)
            {
                aspNetCore.DisableTransportSecurityRequirement();
            }
        });
    }
}
