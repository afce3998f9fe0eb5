using Lead.Auth.AppLaunch;
using Lead.Auth.BackendServices;
using Lead.Auth.Clients;
using Lead.Auth.Discovery;
using Lead.Auth.Server;
using Lead.Auth.Storage;
using Lead.Auth.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Lead.Auth;

/// <summary>Hosts the SMART-on-FHIR authorization server: <c>services.AddSmartAuth(...)</c>, then <c>app.MapSmartAuth()</c>.</summary>
public static class SmartAuthExtensions
{
    /// <summary>
    /// Registers the OpenIddict server, its store (a DbContext over the host's database, configured by
    /// <paramref name="configureStore"/>), keys under <paramref name="dataDirectory"/>/keys, the sign-in cookie and the
    /// start-up work (tables, client synchronization). The host must run <c>UseAuthentication()</c> before endpoints.
    /// </summary>
    public static IServiceCollection AddSmartAuth(
        this IServiceCollection services, IConfiguration configuration, Action<DbContextOptionsBuilder> configureStore, string dataDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(configureStore);
        var options = configuration.GetSection(SmartAuthOptions.SectionName).Get<SmartAuthOptions>() ?? new SmartAuthOptions();
        services.AddOptions<SmartAuthOptions>()
            .Bind(configuration.GetSection(SmartAuthOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();
        services.AddHttpContextAccessor();
        services.AddAntiforgery();
        services.AddSmartDataProtection(options.DataProtection, dataDirectory);
        services.AddSmartAuthStore(configureStore);

        var keys = new ServerKeyStore(dataDirectory);
        services.AddSingleton(keys);
        services.AddSmartOpenIddictServer(options, keys);

        var authentication = services.AddAuthentication();
        authentication.AddCookie(SmartAuthDefaults.SignInScheme, cookie =>
        {
            cookie.Cookie.Name = "lead_smart_signin";
            cookie.Cookie.Path = options.PathPrefix;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.LoginPath = options.PathPrefix + "/signin";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(30);
            cookie.SlidingExpiration = false;
        });
        authentication.AddExternalSignIn(options);
        // The auth endpoints themselves are not under a FHIR base, so their bearer scheme does not bind aud to the path.
        services.AddSmartTokenValidation(configuration, SmartAuthDefaults.InternalBearerScheme, bindAudienceToRequestPath: false);

        services.AddSingleton<JwksUriFetcher>();
        services.AddSingleton<AssertionReplayCache>();
        services.AddScoped<ClientAssertionValidator>();
        services.AddScoped<BackendTokenIssuer>();
        services.AddScoped<AppLaunchTokenIssuer>();
        services.AddScoped<AuthorizeEndpoint>();
        services.AddSingleton<SandboxUsers>();
        services.AddScoped<LaunchContextStore>();
        services.TryAddSingleton<IPatientDirectory, ConfiguredPatientDirectory>();
        services.AddHostedService<SmartAuthStartup>();
        return services;
    }

    /// <summary>The store alone (OpenIddict core over <see cref="SmartAuthDbContext"/>): what the <c>clients</c> command needs.</summary>
    internal static IServiceCollection AddSmartAuthStore(this IServiceCollection services, Action<DbContextOptionsBuilder> configureStore)
    {
        services.AddDbContextFactory<SmartAuthDbContext>(db =>
        {
            configureStore(db);
            db.UseOpenIddict();
        });
        services.AddOpenIddict().AddCore(core => core.UseEntityFrameworkCore().UseDbContext<SmartAuthDbContext>());
        services.AddScoped<ClientRegistry>();
        return services;
    }

    /// <summary>
    /// Maps the endpoints under <see cref="SmartAuthOptions.PathPrefix"/>: authorize, token, sign-in, patient picker and
    /// EHR launch registration (OpenIddict itself answers jwks, introspect, revoke and openid-configuration), plus
    /// <c>{prefix}/.well-known/smart-configuration</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapSmartAuth(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var prefix = endpoints.ServiceProvider.GetRequiredService<IOptions<SmartAuthOptions>>().Value.PathPrefix;
        var group = endpoints.MapGroup(prefix).ExcludeFromDescription();
        group.MapMethods("/authorize", ["GET", "POST"], (HttpContext http, AuthorizeEndpoint endpoint) => endpoint.HandleAsync(http));
        group.MapPost("/token", (Func<HttpContext, Task<IResult>>)TokenEndpoint.HandleAsync);
        group.MapGet("/signin", SignInPage.ShowAsync);
        group.MapPost("/signin", SignInPage.SubmitAsync);
        group.MapGet("/patient", PatientPickerPage.ShowAsync);
        group.MapPost("/launch", LaunchEndpoint.RegisterAsync);
        group.MapGet("/.well-known/smart-configuration", (HttpContext http, IOptions<SmartAuthOptions> options) =>
            Results.Json(SmartConfiguration.Build(SmartConfiguration.ServerBase(options.Value, http.Request), options.Value.PathPrefix)));
        return endpoints;
    }
}
