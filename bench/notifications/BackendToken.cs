using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Lead.Bench.Notifications;

/// <summary>
/// A SMART Backend Services client for the benchmark: an RSA key whose public JWKS the gateway is started with, and
/// the client-credentials flow with an RS384 client assertion (the same flow a state system runs).
/// </summary>
internal static class BackendToken
{
    public const string ClientId = "bench-notifications";

    /// <summary>Writes the private key (PEM) and the public JWKS for the gateway's configuration.</summary>
    public static void Generate(string directory)
    {
        using var rsa = RSA.Create(2048);
        File.WriteAllText(Path.Combine(directory, "bench.private.pem"), rsa.ExportPkcs8PrivateKeyPem());
        var p = rsa.ExportParameters(false);
        var jwks = new { keys = new[] { new { kty = "RSA", kid = "bench-1", alg = "RS384", use = "sig", n = B64(p.Modulus!), e = B64(p.Exponent!) } } };
        File.WriteAllText(Path.Combine(directory, "bench.jwks.json"), JsonSerializer.Serialize(jwks));
    }

    public static async Task<string> GetAsync(HttpClient http, string keyFile, string scope)
    {
        using var discovery = JsonDocument.Parse(await http.GetStringAsync("fhir/.well-known/smart-configuration"));
        var tokenEndpoint = discovery.RootElement.GetProperty("token_endpoint").GetString()!;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(await File.ReadAllTextAsync(keyFile));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = B64(JsonSerializer.SerializeToUtf8Bytes(new { alg = "RS384", typ = "JWT", kid = "bench-1" }));
        var payload = B64(JsonSerializer.SerializeToUtf8Bytes(new { iss = ClientId, sub = ClientId, aud = tokenEndpoint, exp = now + 240, jti = Guid.NewGuid().ToString("N") }));
        var signature = B64(rsa.SignData(Encoding.ASCII.GetBytes(header + "." + payload), HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1));
        using var response = await http.PostAsync(new Uri(tokenEndpoint).PathAndQuery.TrimStart('/'), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = $"{header}.{payload}.{signature}",
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? body.GetProperty("access_token").GetString()!
            : throw new InvalidOperationException($"token request failed ({(int)response.StatusCode}): {body}");
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
