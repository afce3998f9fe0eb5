using Lead.Auth;
using Lead.Auth.AppLaunch;
using Lead.Auth.Validation;
using Lead.Gateway.Eligibility;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Storage;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lead.Gateway.Smart;

internal static class SmartExtensions
{
    /// <summary>
    /// The SMART authorization server (auth/, OpenIddict) hosted in the gateway over the gateway's store, JwtBearer
    /// validation of its tokens for the FHIR routes, and, in sandbox mode, demo clients and a patient picker over the
    /// ACO sandbox's patients.
    /// </summary>
    public static WebApplicationBuilder AddGatewaySmart(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmartOptions>()
            .BindConfiguration(SmartOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var gateway = GatewayOptions.Read(builder.Configuration);
        if (string.IsNullOrWhiteSpace(builder.Configuration["Auth:Issuer"]) && !string.IsNullOrWhiteSpace(gateway.PublicBaseUrl))
        {
            // One public name: tokens' iss and the assertion audience follow the configured public URL, not the Host header.
            builder.Configuration["Auth:Issuer"] = gateway.PublicBaseUrl;
        }

        var sandbox = builder.Configuration.GetValue(SandboxOptions.SectionName + ":Enabled", true);
        var external = IsExternal(builder.Configuration);
        var externalSignIn = !string.IsNullOrWhiteSpace(builder.Configuration["Auth:ExternalSignIn:Authority"]);
        if (sandbox && !external && !externalSignIn && !builder.Configuration.GetSection("Auth:Users").GetChildren().Any())
        {
            // Sandbox mode only (synthetic data), and never beside a real identity provider: one known sign-in so App
            // Launch works from the first minute.
            builder.Configuration["Auth:Users:0:Username"] = SandboxUser.Username;
            builder.Configuration["Auth:Users:0:PasswordHash"] = SandboxPasswordHasher.Hash(SandboxUser.Password);
            builder.Configuration["Auth:Users:0:FhirUser"] = SandboxUser.FhirUser;
            builder.Configuration["Auth:Users:0:DisplayName"] = "Sandbox clinician";
        }

        if (external)
        {
            // A deployment's own SMART server issues the tokens (Auth:Authority): nothing is hosted here, its keys and
            // discovery document are used instead.
            builder.Services.AddOptions<SmartAuthOptions>().Bind(builder.Configuration.GetSection(SmartAuthOptions.SectionName));
            builder.Services.AddSingleton<ExternalSmartConfiguration>();
            builder.Services.AddHttpClient(ExternalSmartConfiguration.HttpClientName);
        }
        else
        {
            var store = GatewayStore.FromConfiguration(builder.Configuration);
            builder.Services.AddSmartAuth(builder.Configuration, store.Configure, gateway.ResolveDataDirectory());
            builder.Services.AddSingleton<TokenRevocation>();
        }

        builder.Services.AddSmartTokenValidation(builder.Configuration);
        builder.Services.AddSingleton<BearerPrincipalCache>();
        // Registered so the handler provider resolves it from DI instead of reflecting over its constructor per request.
        builder.Services.AddTransient<CachedBearerHandler>();
        builder.Services.AddAuthentication(options => options.AddScheme(CachedBearerHandler.SchemeName, scheme => scheme.HandlerType = typeof(CachedBearerHandler)));
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(SmartPolicies.Fhir, policy => policy
                .AddAuthenticationSchemes(CachedBearerHandler.SchemeName)
                .RequireAuthenticatedUser());

        builder.Services.TryAddSingleton<IEligibilitySourceAccess, SmartEligibilitySourceAccess>();
        if (sandbox && !external)
        {
            builder.Services.AddSingleton<IPatientDirectory, SandboxPatientDirectory>();
            builder.Services.AddHostedService<DemoClientsStartup>();
        }
        else if (!external)
        {
            builder.Services.AddHostedService<DemoClientsRemoval>();
            builder.Services.AddHostedService<DeploymentChecks>();
        }

        return builder;
    }

    /// <summary>Authentication (OpenIddict answers its endpoints here) and authorization policies.</summary>
    public static WebApplication UseGatewaySmart(this WebApplication app)
    {
        // OpenIddict and the sign-in cookie live under /auth; FHIR routes authenticate through their policy's Bearer
        // scheme, so the authorization server's request handling stays off the proxy's hot path.
        var prefix = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmartAuthOptions>>().Value.PathPrefix;
        app.UseWhen(context => context.Request.Path.StartsWithSegments(prefix) || context.Request.Path.StartsWithSegments("/.well-known"),
            branch => branch.UseAuthentication());
        // WebApplication adds UseAuthentication at the front of the pipeline unless the app did; the branch above is that call.
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseAuthorization();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SmartOptions>>().Value;
        if (!options.IsRequired)
        {
            app.Logger.LogWarning("Smart:Enforcement is 'disabled': FHIR routes answer WITHOUT authorization. Use this only to benchmark.");
        }

        return app;
    }

    /// <summary>The authorization server's endpoints (/auth/…) and SMART discovery under every FHIR base.</summary>
    public static WebApplication MapGatewaySmart(this WebApplication app)
    {
        if (!IsExternal(app.Configuration))
        {
            app.MapSmartAuth();
        }

        app.MapSmartDiscovery();
        return app;
    }

    /// <summary>Tokens come from another SMART server (<c>Auth:Authority</c>) instead of the one the gateway hosts.</summary>
    public static bool IsExternal(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration["Auth:Authority"]);
}
