using Lead.Auth.Server;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Validation;

/// <summary>JwtBearer validation of this server's access tokens, for the gateway's FHIR routes.</summary>
public static class SmartTokenValidationExtensions
{
    /// <summary>
    /// Adds a JwtBearer scheme that accepts only access tokens (<c>typ</c> at+jwt) signed by this server's key (or, with
    /// <c>Auth:Authority</c>, by an external SMART server's published keys), whose <c>aud</c> is one of
    /// <c>Auth:FhirBaseUrls</c>. Claims keep their issued names (<c>sub</c>, <c>scope</c>, <c>patient</c>, <c>fhirUser</c>,
    /// <c>client_id</c>). Every 401 carries <c>WWW-Authenticate: Bearer error="invalid_token"</c>.
    /// With local keys, the issuer is checked only when <c>Auth:Issuer</c> is configured: the signing key is this
    /// deployment's own, so nothing else can sign a token it accepts.
    /// With <paramref name="bindAudienceToRequestPath"/>, one of the token's audiences must also be the base the request
    /// is made under: a token issued for <c>/fhir/aco-east</c> is refused at <c>/fhir/hie</c>, while one for the unified
    /// <c>/fhir</c> base (Backend Services tokens) works under every source; <c>lead_sources</c> narrows that further.
    /// </summary>
    public static AuthenticationBuilder AddSmartTokenValidation(
        this IServiceCollection services, IConfiguration configuration, string scheme = JwtBearerDefaults.AuthenticationScheme,
        bool bindAudienceToRequestPath = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var settings = configuration.GetSection(SmartAuthOptions.SectionName).Get<SmartAuthOptions>() ?? new SmartAuthOptions();
        services.AddHttpContextAccessor();
        var builder = services.AddAuthentication().AddJwtBearer(scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(scheme).Configure<IServiceProvider>((bearer, provider) =>
        {
            bearer.MapInboundClaims = false;
            bearer.RequireHttpsMetadata = !settings.DisableTransportSecurityRequirement;
            var accessor = provider.GetRequiredService<IHttpContextAccessor>();
            var parameters = new TokenValidationParameters
            {
                ValidTypes = ["at+jwt"],
                NameClaimType = "sub",
                RoleClaimType = "role",
                ClockSkew = TimeSpan.FromSeconds(30),
                ValidateAudience = true,
                AudienceValidator = (audiences, _, _) => ValidateAudience(audiences, accessor.HttpContext, settings, bindAudienceToRequestPath),
            };
            if (!string.IsNullOrEmpty(settings.Authority))
            {
                bearer.Authority = settings.Authority;
            }
            else
            {
                var keys = provider.GetRequiredService<ServerKeyStore>();
                parameters.IssuerSigningKey = keys.SigningKey;
                parameters.ValidateIssuer = !string.IsNullOrEmpty(settings.Issuer);
                parameters.ValidIssuers = string.IsNullOrEmpty(settings.Issuer) ? null : [settings.Issuer.TrimEnd('/') + "/", settings.Issuer.TrimEnd('/')];
            }

            bearer.TokenValidationParameters = parameters;
            bearer.Events = new JwtBearerEvents
            {
                OnChallenge = context =>
                {
                    // A missing token is also an invalid one for SMART clients: always name the error.
                    context.HandleResponse();
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                    return Task.CompletedTask;
                },
            };
        });
        return builder;
    }

    private static bool ValidateAudience(IEnumerable<string> audiences, HttpContext? http, SmartAuthOptions settings, bool bindToPath)
    {
        if (http is null)
        {
            return false;
        }

        var origin = FhirAudiences.Origin(settings, http.Request);
        var path = (http.Request.PathBase + http.Request.Path).Value ?? string.Empty;
        return audiences.Any(a => FhirAudiences.IsAllowed(a, origin, settings.FhirBaseUrls) && (!bindToPath || Covers(a, path)));
    }

    /// <summary>The audience's path is the request path or a whole-segment prefix of it.</summary>
    private static bool Covers(string audience, string requestPath)
    {
        var basePath = new Uri(audience).AbsolutePath.TrimEnd('/');
        return requestPath.Equals(basePath, StringComparison.Ordinal)
            || requestPath.StartsWith(basePath + "/", StringComparison.Ordinal);
    }
}
