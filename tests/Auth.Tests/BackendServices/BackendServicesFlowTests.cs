using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Tests.BackendServices;

[Collection(AuthServerCollection.Name)]
public sealed class BackendServicesFlowTests(AuthServerFixture server)
{
    private ClientAssertions Rs => new(AuthServerFixture.RsaClient, server.TokenEndpoint);

    private ClientAssertions Es => new(AuthServerFixture.EcClient, server.TokenEndpoint);

    private async Task<HttpResponseMessage> RequestTokenAsync(
        string assertion, string scope = "system/Observation.rs", string grantType = "client_credentials",
        string assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
    {
        using var client = server.CreateClient();
        return await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = grantType,
            ["scope"] = scope,
            ["client_assertion_type"] = assertionType,
            ["client_assertion"] = assertion,
        }));
    }

    private static async Task AssertErrorAsync(HttpResponseMessage response, string error, string? reason = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Unauthorized, $"{response.StatusCode}: {body}");
        var json = await Json.ReadAsync(response);
        Assert.Equal(error, json.GetProperty("error").GetString());
        if (reason is not null)
        {
            // The refusal must come from the rule under test, not from some earlier, unrelated check.
            Assert.Contains(reason, json.GetProperty("error_description").GetString(), StringComparison.Ordinal);
        }

        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BackendToken_Rs384Assertion_IssuesShortSignedJwt()
    {
        using var response = await RequestTokenAsync(Rs.Create());

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? string.Empty, StringComparison.Ordinal);
        Assert.Contains("no-cache", response.Headers.Pragma.ToString(), StringComparison.Ordinal);
        var json = await Json.ReadAsync(response);
        Assert.Equal("system/Observation.rs", json.GetProperty("scope").GetString());
        Assert.InRange(json.GetProperty("expires_in").GetInt32(), 1, 300);
        var token = new JsonWebToken(json.GetProperty("access_token").GetString());
        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(AuthServerFixture.RsaClient, token.Subject);
        Assert.Equal(AuthServerFixture.RsaClient, token.GetClaim("client_id").Value);
        Assert.Equal("system/Observation.rs", token.GetClaim("scope").Value);
        Assert.Contains(server.FhirBase, token.Audiences);
        Assert.True(token.ValidTo <= DateTime.UtcNow.AddSeconds(301), body);
    }

    [Fact]
    public async Task BackendToken_Es384Assertion_IssuedWithRegisteredSources()
    {
        using var response = await RequestTokenAsync(Es.Create(TestKeys.Ec), "system/Patient.rs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var token = new JsonWebToken((await Json.ReadAsync(response)).GetProperty("access_token").GetString());
        var context = Lead.Auth.Scopes.SmartTokenContext.FromPrincipal(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(token.Claims)));
        Assert.Equal(["medicaid", "hie"], context.Sources);
        Assert.True(context.MayUseSource("hie"));
        Assert.False(context.MayUseSource("aco-east"));
    }

    [Fact]
    public async Task BackendToken_WiderScopeThanRegistered_NarrowedToRegistered()
    {
        using var response = await RequestTokenAsync(Es.Create(TestKeys.Ec), "system/*.cruds");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("system/Patient.rs", (await Json.ReadAsync(response)).GetProperty("scope").GetString());
    }

    [Fact]
    public async Task BackendToken_UnregisteredScope_InvalidScope()
    {
        using var response = await RequestTokenAsync(Es.Create(TestKeys.Ec), "system/Observation.rs patient/*.rs");

        await AssertErrorAsync(response, "invalid_scope");
    }

    [Fact]
    public async Task BackendToken_BadGrantType_UnsupportedGrantType()
    {
        using var response = await RequestTokenAsync(Rs.Create(), grantType: "password");

        await AssertErrorAsync(response, "unsupported_grant_type");
    }

    [Fact]
    public async Task BackendToken_BadAssertionType_Refused()
    {
        using var response = await RequestTokenAsync(Rs.Create(), assertionType: "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");

        Assert.False(response.IsSuccessStatusCode);
        var error = (await Json.ReadAsync(response)).GetProperty("error").GetString();
        Assert.True(error is "invalid_client" or "invalid_request", error);
    }

    [Fact]
    public async Task BackendToken_AlgNone_InvalidClient()
    {
        var assertion = Rs.CreateRaw(new { alg = "none", typ = "JWT", kid = "rsa-1" }, _ => string.Empty);

        using var response = await RequestTokenAsync(assertion);

        await AssertErrorAsync(response, "invalid_client", "alg must be RS384 or ES384");
    }

    [Fact]
    public async Task BackendToken_Hs256SignedWithPublicKey_InvalidClient()
    {
        // The classic key-confusion attack: HMAC keyed with the client's public key bytes.
        var publicKey = TestKeys.Rsa.Rsa.ExportSubjectPublicKeyInfo();
        var assertion = Rs.CreateRaw(new { alg = "HS256", typ = "JWT", kid = "rsa-1" },
            input => Base64UrlEncoder.Encode(HMACSHA256.HashData(publicKey, input)));

        using var response = await RequestTokenAsync(assertion);

        await AssertErrorAsync(response, "invalid_client", "alg must be");
    }

    [Fact]
    public async Task BackendToken_NumericIssuer_InvalidClientNotServerError()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var assertion = Rs.CreateRaw(new { alg = "RS384", typ = "JWT", kid = "rsa-1" },
            input => Base64UrlEncoder.Encode(TestKeys.Rsa.Rsa.SignData(input, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1)),
            new { iss = 42, sub = 42, aud = server.TokenEndpoint, exp = now + 60, jti = "n1" });

        using var response = await RequestTokenAsync(assertion);

        await AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task BackendToken_GarbageAssertion_InvalidClient()
    {
        using var response = await RequestTokenAsync("eyJhbGciOiJSUzM4NCJ9.%%%.***");

        await AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task BackendToken_Rs256Assertion_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(algorithm: SecurityAlgorithms.RsaSha256));

        await AssertErrorAsync(response, "invalid_client", "alg must be");
    }

    [Fact]
    public async Task BackendToken_Expired_InvalidClient()
    {
        var now = DateTimeOffset.UtcNow;

        using var response = await RequestTokenAsync(Rs.Create(expires: now.AddMinutes(-2), notBefore: now.AddMinutes(-4)));

        await AssertErrorAsync(response, "invalid_client", "expired");
    }

    [Fact]
    public async Task BackendToken_NotBeforeInFuture_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(notBefore: DateTimeOffset.UtcNow.AddMinutes(2)));

        await AssertErrorAsync(response, "invalid_client", "nbf");
    }

    [Fact]
    public async Task BackendToken_ExpiresMoreThanFiveMinutesAhead_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(expires: DateTimeOffset.UtcNow.AddMinutes(10)));

        await AssertErrorAsync(response, "invalid_client", "5 minutes");
    }

    [Theory]
    [InlineData("issuer")]
    [InlineData("other-endpoint")]
    public async Task BackendToken_WrongAudience_InvalidClient(string which)
    {
        var audience = which == "issuer" ? server.BaseUri.AbsoluteUri : new Uri(server.BaseUri, "auth/authorize").AbsoluteUri;

        using var response = await RequestTokenAsync(Rs.Create(audience: audience));

        await AssertErrorAsync(response, "invalid_client", "aud");
    }

    [Fact]
    public async Task BackendToken_WrongIssuer_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(issuer: AuthServerFixture.EcClient, subject: AuthServerFixture.EcClient));

        await AssertErrorAsync(response, "invalid_client", "kid");
    }

    [Fact]
    public async Task BackendToken_IssuerDiffersFromSubject_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(subject: AuthServerFixture.EcClient));

        await AssertErrorAsync(response, "invalid_client", "iss and sub");
    }

    [Fact]
    public async Task BackendToken_ReusedJti_SecondRefused()
    {
        var jti = Guid.NewGuid().ToString("N");
        using var first = await RequestTokenAsync(Rs.Create(jti: jti));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await RequestTokenAsync(Rs.Create(jti: jti));

        await AssertErrorAsync(second, "invalid_client", "already used");
    }

    [Fact]
    public async Task BackendToken_SameAssertionTwice_SecondRefused()
    {
        var assertion = Rs.Create();
        using var first = await RequestTokenAsync(assertion);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using var second = await RequestTokenAsync(assertion);

        await AssertErrorAsync(second, "invalid_client", "already used");
    }

    [Fact]
    public async Task BackendToken_MissingJti_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(omitJti: true));

        await AssertErrorAsync(response, "invalid_client", "jti");
    }

    [Fact]
    public async Task BackendToken_UnknownKid_InvalidClient()
    {
        var key = new RsaSecurityKey(TestKeys.Rsa.Rsa) { KeyId = "unknown-kid" };

        using var response = await RequestTokenAsync(Rs.Create(key));

        await AssertErrorAsync(response, "invalid_client", "kid");
    }

    [Fact]
    public async Task BackendToken_RightKidWrongKey_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(TestKeys.OtherRsa));

        await AssertErrorAsync(response, "invalid_client", "signature");
    }

    [Fact]
    public async Task BackendToken_WrongTyp_InvalidClient()
    {
        using var response = await RequestTokenAsync(Rs.Create(type: "at+jwt"));

        await AssertErrorAsync(response, "invalid_client", "typ");
    }

    [Fact]
    public async Task BackendToken_UnknownClient_InvalidClient()
    {
        var stranger = new ClientAssertions("nobody", server.TokenEndpoint);

        using var response = await RequestTokenAsync(stranger.Create());

        await AssertErrorAsync(response, "invalid_client", "Unknown client");
    }

    [Fact]
    public async Task BackendToken_JkuHeader_RefusedWithoutFetching()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var jku = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/jwks.json";
        var assertion = Rs.Create(extraHeaders: new Dictionary<string, object> { ["jku"] = jku });

        using var response = await RequestTokenAsync(assertion);

        await AssertErrorAsync(response, "invalid_client", "'jku'");
        await Task.Delay(200);
        Assert.False(listener.Pending(), "The server connected to the jku URL.");
    }

    [Theory]
    [InlineData("x5u")]
    [InlineData("jku")]
    public async Task BackendToken_KeyUrlHeader_RefusedWithoutFetching(string header)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/keys";
        var assertion = Rs.Create(extraHeaders: new Dictionary<string, object> { [header] = url });

        using var response = await RequestTokenAsync(assertion);

        await AssertErrorAsync(response, "invalid_client", $"'{header}'");
        await Task.Delay(200);
        Assert.False(listener.Pending(), $"The server connected to the {header} URL.");
    }

    [Fact]
    public async Task BackendToken_EmbeddedJwkHeader_InvalidClient()
    {
        // An attacker's own key, embedded in the header, must never be used to verify the signature.
        var attacker = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(attacker.Rsa.ExportParameters(false)));
        var assertion = Rs.Create(attacker, extraHeaders: new Dictionary<string, object>
        {
            ["jwk"] = new Dictionary<string, object> { ["kty"] = "RSA", ["n"] = jwk.N, ["e"] = jwk.E },
        });

        using var response = await RequestTokenAsync(assertion);

        await AssertErrorAsync(response, "invalid_client", "'jwk'");
    }

    [Fact]
    public async Task BackendToken_ClientSecretForBackendClient_InvalidClient()
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/Observation.rs",
            ["client_id"] = AuthServerFixture.RsaClient,
            ["client_secret"] = "guess",
        }));

        await AssertErrorAsync(response, "invalid_client");
    }

    [Fact]
    public async Task BackendToken_PublicAppClientCredentials_Refused()
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/Observation.rs",
            ["client_id"] = AuthServerFixture.PublicApp,
        }));

        Assert.False(response.IsSuccessStatusCode);
    }

    [Fact]
    public async Task BackendToken_ClientIdDiffersFromAssertion_InvalidClient()
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/Observation.rs",
            ["client_id"] = AuthServerFixture.EcClient,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = Rs.Create(),
        }));

        await AssertErrorAsync(response, "invalid_client", "client_id");
    }
}
