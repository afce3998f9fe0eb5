using System.Net.Http.Json;
using System.Text.Json;
using Lead.Auth.Clients;
using Lead.Gateway.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Gateway.Smart;

/// <summary>
/// <c>demo-token [--url http://127.0.0.1:8080] [--scope "system/*.rs"]</c>: a Backend Services token for the sandbox's
/// demo client, from a running gateway, printed on stdout — exactly the flow a state system runs (discovery, an RS384
/// client assertion signed with the client's private key, client_credentials).
/// </summary>
internal static class DemoTokenCommand
{
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        var url = Option(args, "--url") ?? "http://127.0.0.1:8080";
        var scope = Option(args, "--scope") ?? "system/*.rs";
        var keyPath = Path.Combine(GatewayOptions.Read(configuration).ResolveDataDirectory(), "keys", "demo-backend-client.private.jwk.json");
        if (!File.Exists(keyPath) || args.Contains("--help"))
        {
            await Console.Error.WriteLineAsync($"demo-token [--url URL] [--scope SCOPES]: needs the sandbox demo key at {keyPath} (start the gateway in sandbox mode once).");
            return 2;
        }

        using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/") };
        using var discovery = JsonDocument.Parse(await http.GetStringAsync("fhir/.well-known/smart-configuration"));
        var tokenEndpoint = discovery.RootElement.GetProperty("token_endpoint").GetString()!;
        var key = new JsonWebKey(await File.ReadAllTextAsync(keyPath));
        var assertion = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = SmartDemoClients.BackendClientId,
            Audience = tokenEndpoint,
            Expires = DateTime.UtcNow.AddMinutes(4),
            Claims = new Dictionary<string, object> { ["sub"] = SmartDemoClients.BackendClientId, ["jti"] = Guid.NewGuid().ToString("N") },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha384),
            TokenType = "JWT",
        });

        // Post to the token endpoint as discovered; only its path is used when the public URL is not this address.
        using var response = await http.PostAsync(new Uri(tokenEndpoint).PathAndQuery.TrimStart('/'), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        }));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (!response.IsSuccessStatusCode)
        {
            await Console.Error.WriteLineAsync($"Token request refused ({(int)response.StatusCode}): {body}");
            return 1;
        }

        Console.WriteLine(body.GetProperty("access_token").GetString());
        return 0;
    }

    private static string? Option(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }
}
