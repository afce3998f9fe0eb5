using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Tests.Infrastructure;

/// <summary>
/// A minimal external OpenID Connect provider on loopback: discovery, JWKS, an authorize endpoint that signs in a fixed
/// user at once, and a token endpoint that checks client secret and PKCE before issuing an RS256 id_token.
/// </summary>
internal sealed class FakeOidcProvider
{
    public const string ClientId = "lead-gateway";
    public const string ClientSecret = "federation-secret";
    private static readonly string[] Code = ["code"];
    private static readonly string[] Public = ["public"];
    private static readonly string[] Rs256 = ["RS256"];
    private readonly RsaSecurityKey _key = new(TestKeys.Rsa.Rsa) { KeyId = "idp-1" };
    private readonly ConcurrentDictionary<string, (string Nonce, string Challenge)> _codes = new();
    private WebApplication? _app;

    public Uri Authority { get; private set; } = null!;

    public int TokenRequests;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = Code,
            ["subject_types_supported"] = Public,
            ["id_token_signing_alg_values_supported"] = Rs256,
        }));
        _app.MapGet("/jwks", () => Results.Text(TestKeys.PublicJwks(_key), "application/json"));
        _app.MapGet("/authorize", (HttpContext http) =>
        {
            var q = http.Request.Query;
            var code = Guid.NewGuid().ToString("N");
            _codes[code] = (q["nonce"].ToString(), q["code_challenge"].ToString());
            return Results.Redirect(QueryHelpers.AddQueryString(q["redirect_uri"].ToString(), new Dictionary<string, string?>
            {
                ["code"] = code,
                ["state"] = q["state"],
            }));
        });
        _app.MapPost("/token", async (HttpContext http) =>
        {
            Interlocked.Increment(ref TokenRequests);
            var form = await http.Request.ReadFormAsync();
            var secretOk = form["client_id"] == ClientId && form["client_secret"] == ClientSecret;
            if (!secretOk || !_codes.TryRemove(form["code"].ToString(), out var issued)
                || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != issued.Challenge)
            {
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            }

            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer,
                Audience = ClientId,
                Expires = DateTime.UtcNow.AddMinutes(5),
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = "ext-user-1",
                    ["name"] = "Erin External",
                    ["nonce"] = issued.Nonce,
                    ["practitioner"] = "Practitioner/ext-9",
                },
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { id_token = idToken, access_token = "opaque", token_type = "Bearer", expires_in = 300 });
        });
        await _app.StartAsync();
        Authority = new Uri(_app.Urls.First());
    }

    private string Issuer => Authority.AbsoluteUri.TrimEnd('/');

    public async Task StopAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Plays the browser at the provider: follows its redirect back to the relying party.</summary>
    public static async Task<string> FollowAsync(Uri authorize)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var response = await browser.GetAsync(authorize);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.Location!.PathAndQuery;
    }
}
