using System.Security.Cryptography;
using System.Text.Json;
using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Clients;

/// <summary>Sandbox demo clients: a backend client whose private key is made here (never leaves the data directory) and a public SMART app.</summary>
public static class SmartDemoClients
{
    public const string BackendClientId = "demo-backend";
    public const string AppClientId = "demo-smart-app";
    public const string BackendScopes = "system/*.rs system/launch.write";
    public const string AppScopes = "openid fhirUser profile launch launch/patient offline_access patient/*.rs user/*.rs";

    private const string DemoOrigin = "demo";

    private const string KeyFileName = "demo-backend-client.private.jwk.json";

    /// <summary>
    /// Idempotent: the key file is created once (<c>{dataDirectory}/keys/demo-backend-client.private.jwk.json</c>,
    /// owner-only) and reused; the clients are (re)registered from it. Call after <c>AddSmartAuth</c>'s services are built.
    /// </summary>
    /// <param name="sources">The sandbox sources the demo clients may use (their registered sources); none means all.</param>
    public static async Task<DemoClientInfo> EnsureDemoClientsAsync(
        this IServiceProvider services, string dataDirectory, IReadOnlyList<string>? appRedirectUris = null, IReadOnlyList<string>? sources = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        var redirects = appRedirectUris ?? ["http://localhost:4000/callback", "http://127.0.0.1:4000/callback"];
        var keyPath = Path.Combine(dataDirectory, "keys", KeyFileName);
        var publicJwks = LoadOrCreateKey(keyPath);

        await using var scope = services.CreateAsyncScope();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SmartAuthDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await SchemaMigrator.MigrateAsync(db, cancellationToken);
        }

        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        await registry.SaveAsync(new SmartClientOptions
        {
            ClientId = BackendClientId,
            DisplayName = "Sandbox backend client",
            Type = SmartClientTypes.Backend,
            Jwks = publicJwks,
            Scopes = BackendScopes,
            Sources = [.. sources ?? []],
        }, DemoOrigin, cancellationToken);
        await registry.SaveAsync(new SmartClientOptions
        {
            ClientId = AppClientId,
            DisplayName = "Sandbox SMART app",
            Type = SmartClientTypes.Public,
            RedirectUris = [.. redirects],
            Scopes = AppScopes,
            Sources = [.. sources ?? []],
        }, DemoOrigin, cancellationToken);
        return new DemoClientInfo(BackendClientId, keyPath, SecurityAlgorithms.RsaSha384, AppClientId, redirects);
    }

    /// <summary>
    /// Outside sandbox mode: the demo clients (a public app with a published password's sign-in behind it, and a backend
    /// client whose key sits in the data directory) are unregistered and the demo key deleted, so a store that once ran
    /// the sandbox does not keep them next to real sources. Returns how many clients were removed.
    /// </summary>
    public static async Task<int> RemoveDemoClientsAsync(this IServiceProvider services, string dataDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        await using var scope = services.CreateAsyncScope();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SmartAuthDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await SchemaMigrator.MigrateAsync(db, cancellationToken);
        }

        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        var removed = 0;
        foreach (var clientId in new[] { BackendClientId, AppClientId })
        {
            // Only what the sandbox registered: an operator's own client of the same name is theirs.
            if (await registry.FindAsync(clientId, cancellationToken) is { Origin: DemoOrigin } && await registry.RemoveAsync(clientId, cancellationToken))
            {
                removed++;
            }
        }

        File.Delete(Path.Combine(dataDirectory, "keys", KeyFileName));
        return removed;
    }

    /// <summary>Returns the public JWKS of the demo key, creating the private JWK file on first use.</summary>
    private static string LoadOrCreateKey(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (!File.Exists(path))
        {
            using var rsa = RSA.Create(2048);
            var key = new RsaSecurityKey(rsa.ExportParameters(includePrivateParameters: true));
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
            jwk.Kid = Base64UrlEncoder.Encode(key.ComputeJwkThumbprint());
            jwk.Alg = SecurityAlgorithms.RsaSha384;
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var writer = new StreamWriter(path, options);
            writer.Write(JsonSerializer.Serialize(new { kty = jwk.Kty, kid = jwk.Kid, alg = jwk.Alg, n = jwk.N, e = jwk.E, d = jwk.D, p = jwk.P, q = jwk.Q, dp = jwk.DP, dq = jwk.DQ, qi = jwk.QI }));
        }

        var full = new JsonWebKey(File.ReadAllText(path));
        return JsonSerializer.Serialize(new { keys = new[] { new { kty = full.Kty, kid = full.Kid, alg = full.Alg, use = "sig", n = full.N, e = full.E } } });
    }
}
