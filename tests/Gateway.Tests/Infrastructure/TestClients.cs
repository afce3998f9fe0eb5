using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Gateway.Tests.Infrastructure;

/// <summary>
/// The SMART Backend Services client every integration test host registers (<c>test-backend</c>), with a key made
/// once per test process, and real tokens from the gateway's own authorization server.
/// </summary>
internal static class TestClients
{
    public const string BackendClientId = "test-backend";
    public const string BackendScopes = "system/*.cruds system/launch.write";

    /// <summary>A backend client registered only for the ACO sandbox source.</summary>
    public const string AcoOnlyClientId = "test-aco-only";

    private static readonly RSA Key = RSA.Create(2048);
    private static readonly RsaSecurityKey SigningKey = new(Key) { KeyId = "gateway-tests-1" };
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>The public JWKS registered for <see cref="BackendClientId"/>.</summary>
    public static string PublicJwks
    {
        get
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(Key.ExportParameters(false)) { KeyId = SigningKey.KeyId });
            return JsonSerializer.Serialize(new
            {
                keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, n = jwk.N, e = jwk.E, alg = "RS384", use = "sig" } },
            });
        }
    }

    /// <summary>Configuration registering the test client (and plain-http tolerance for loopback tests).</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(int index = 0) =>
    [
        new("Auth:DisableTransportSecurityRequirement", "true"),
        // One extracted specification (and so one validator) for every host of the test process.
        new("Validation:SpecificationDirectory", Path.Combine(Path.GetTempPath(), "lead-tests", "fhir-r4-spec")),
        new($"Auth:Clients:{index}:ClientId", BackendClientId),
        new($"Auth:Clients:{index}:Type", "backend"),
        new($"Auth:Clients:{index}:Jwks", PublicJwks),
        new($"Auth:Clients:{index}:Scopes", BackendScopes),
        new($"Auth:Clients:{index + 1}:ClientId", AcoOnlyClientId),
        new($"Auth:Clients:{index + 1}:Type", "backend"),
        new($"Auth:Clients:{index + 1}:Jwks", PublicJwks),
        new($"Auth:Clients:{index + 1}:Scopes", "system/*.rs"),
        new($"Auth:Clients:{index + 1}:Sources:0", "aco-sandbox"),
    ];

    /// <summary>A signed SMART client assertion (RS384, 4 minutes, fresh jti) for the token endpoint.</summary>
    public static string Assertion(string tokenEndpoint, string clientId = BackendClientId) =>
        Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = clientId,
            Audience = tokenEndpoint,
            Expires = DateTime.UtcNow.AddMinutes(4),
            Claims = new Dictionary<string, object> { ["sub"] = clientId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha384),
            TokenType = "JWT",
        });

    /// <summary>Client credentials with a private_key_jwt assertion; the token endpoint comes from SMART discovery.</summary>
    public static async Task<string> GetTokenAsync(Uri gatewayBase, string scope, HttpMessageHandler? transport = null, string clientId = BackendClientId)
    {
        using var client = transport is null ? new HttpClient() : new HttpClient(transport, disposeHandler: false);
        client.BaseAddress = gatewayBase;
        using var discovery = JsonDocument.Parse(await client.GetStringAsync("fhir/.well-known/smart-configuration"));
        var tokenEndpoint = discovery.RootElement.GetProperty("token_endpoint").GetString()!;
        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = Assertion(tokenEndpoint, clientId),
        }));
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Token request failed ({(int)response.StatusCode}): {body}");
        }

        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>Attaches a backend token for the given scopes to every request (fetched once, then reused).</summary>
    internal sealed class BearerHandler(Uri gatewayBase, string scope) : DelegatingHandler(new HttpClientHandler())
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private string? token;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (token is null)
            {
                await gate.WaitAsync(cancellationToken);
                try
                {
                    token ??= await GetTokenAsync(gatewayBase, scope);
                }
                finally
                {
                    gate.Release();
                }
            }

            request.Headers.Authorization ??= new AuthenticationHeaderValue("Bearer", token);
            return await base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                gate.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
