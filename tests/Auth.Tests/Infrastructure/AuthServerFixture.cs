using System.Net;
using System.Text.Json;
using Lead.Auth.AppLaunch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Auth.Tests.Infrastructure;

/// <summary>The authorization server on real Kestrel (127.0.0.1, random port) over SQLite in a temporary data directory.</summary>
public sealed class AuthServerFixture : IAsyncLifetime
{
    public const string RsaClient = "backend-rs";
    public const string EcClient = "backend-es";
    public const string LauncherClient = "ehr-launcher";
    public const string PublicApp = "smart-app";
    public const string ConfidentialApp = "smart-app-secret";
    public const string AppSecret = "s3cret-for-tests-only";
    public const string RedirectUri = "http://127.0.0.1:1/callback";
    public const string Password = "correct horse battery staple";

    private readonly Dictionary<string, string?>? _overrides;
    private WebApplication? _app;

    public AuthServerFixture()
    {
    }

    /// <summary>A server with extra settings, for tests that need their own (e.g. federated sign-in).</summary>
    internal AuthServerFixture(Dictionary<string, string?> overrides) => _overrides = overrides;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "lead-auth-tests-" + Guid.NewGuid().ToString("N"));

    public Uri BaseUri { get; private set; } = null!;

    public string TokenEndpoint => new Uri(BaseUri, "auth/token").AbsoluteUri;

    public string FhirBase => new Uri(BaseUri, "fhir").AbsoluteUri;

    public IServiceProvider Services => _app!.Services;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDirectory);
        _app = Build(DataDirectory, _overrides);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public HttpClient CreateClient(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = BaseUri,
        };

    internal static Dictionary<string, string?> Settings(string dataDirectory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Auth:DisableTransportSecurityRequirement"] = "true",
            ["Auth:FhirBaseUrls:0"] = "/fhir",
            ["Auth:FhirBaseUrls:1"] = "/fhir/*",
            ["Auth:Patients:0:Id"] = "p1",
            ["Auth:Patients:0:Name"] = "Alice Example",
            ["Auth:Patients:1:Id"] = "p2",
            ["Auth:Patients:1:Name"] = "Bob Example",
            ["Auth:Users:0:Username"] = "clinician",
            ["Auth:Users:0:PasswordHash"] = SandboxPasswordHasher.Hash(Password),
            ["Auth:Users:0:FhirUser"] = "Practitioner/pr1",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        AddClient(settings, 0, RsaClient, "backend", jwks: TestKeys.PublicJwks(TestKeys.Rsa), scopes: "system/*.rs system/Observation.cruds");
        AddClient(settings, 1, EcClient, "backend", jwks: TestKeys.PublicJwks(TestKeys.Ec), scopes: "system/Patient.rs");
        settings["Auth:Clients:1:Sources:0"] = "medicaid";
        settings["Auth:Clients:1:Sources:1"] = "hie";
        AddClient(settings, 2, LauncherClient, "backend", jwks: TestKeys.PublicJwks(TestKeys.Rsa), scopes: "system/launch.write");
        AddClient(settings, 3, PublicApp, "public", redirect: RedirectUri,
            scopes: "openid fhirUser launch launch/patient offline_access online_access patient/*.rs user/Observation.rs");
        AddClient(settings, 4, ConfidentialApp, "confidential", redirect: RedirectUri, secret: AppSecret,
            scopes: "openid fhirUser launch/patient offline_access patient/*.rs");
        return settings;
    }

    private static void AddClient(Dictionary<string, string?> settings, int index, string id, string type,
        string? jwks = null, string? scopes = null, string? redirect = null, string? secret = null)
    {
        var prefix = $"Auth:Clients:{index}:";
        settings[prefix + "ClientId"] = id;
        settings[prefix + "Type"] = type;
        settings[prefix + "Jwks"] = jwks;
        settings[prefix + "Scopes"] = scopes;
        settings[prefix + "Secret"] = secret;
        if (redirect is not null)
        {
            settings[prefix + "RedirectUris:0"] = redirect;
        }
    }

    internal static WebApplication Build(string dataDirectory, Dictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var settings = Settings(dataDirectory);
        foreach (var (key, value) in overrides ?? [])
        {
            settings[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        var database = Path.Combine(dataDirectory, "auth.db");
        builder.Services.AddSmartAuth(builder.Configuration, db => db.UseSqlite($"Data Source={database}"), dataDirectory);
        var app = builder.Build();
        app.UseAuthentication();
        app.MapSmartAuth();
        return app;
    }
}

[CollectionDefinition(Name)]
public sealed class AuthServerCollection : ICollectionFixture<AuthServerFixture>
{
    public const string Name = "auth server";
}

internal static class Json
{
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
}
