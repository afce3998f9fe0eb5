using System.Net;
using Lead.Auth.Discovery;
using Lead.Auth.Tests.Infrastructure;

namespace Lead.Auth.Tests.Discovery;

[Collection(AuthServerCollection.Name)]
public sealed class SmartConfigurationTests(AuthServerFixture server)
{
    [Fact]
    public void SmartConfiguration_Build_HasSmartFields()
    {
        var document = SmartConfiguration.Build("https://gw.example/");

        Assert.Equal("https://gw.example/auth/token", document["token_endpoint"]!.GetValue<string>());
        Assert.Equal("https://gw.example/auth/jwks", document["jwks_uri"]!.GetValue<string>());
        Assert.Equal(["S256"], document["code_challenge_methods_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["RS384", "ES384"], document["token_endpoint_auth_signing_alg_values_supported"]!.AsArray().Select(n => n!.GetValue<string>()));
        var capabilities = document["capabilities"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Contains("permission-v2", capabilities);
        Assert.Contains("client-confidential-asymmetric", capabilities);
    }

    [Fact]
    public async Task SmartConfiguration_Served_EndpointsAnswer()
    {
        using var client = server.CreateClient();

        using var response = await client.GetAsync("auth/.well-known/smart-configuration");
        var json = await Json.ReadAsync(response);
        using var jwks = await client.GetAsync(new Uri(json.GetProperty("jwks_uri").GetString()!));
        using var openid = await client.GetAsync("auth/.well-known/openid-configuration");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(server.TokenEndpoint, json.GetProperty("token_endpoint").GetString());
        Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        Assert.Equal("RSA", (await Json.ReadAsync(jwks)).GetProperty("keys")[0].GetProperty("kty").GetString());
        Assert.Equal(json.GetProperty("issuer").GetString(), (await Json.ReadAsync(openid)).GetProperty("issuer").GetString());
    }
}

public sealed class SmartCapabilitySecurityTests
{
    [Fact]
    public void CapabilitySecurity_Build_HasOAuthUris()
    {
        var security = SmartCapabilitySecurity.Build("https://gw.example/");

        var extension = security["extension"]![0]!;
        Assert.Equal(SmartCapabilitySecurity.OAuthUrisExtension, extension["url"]!.GetValue<string>());
        var uris = extension["extension"]!.AsArray().ToDictionary(e => e!["url"]!.GetValue<string>(), e => e!["valueUri"]!.GetValue<string>());
        Assert.Equal("https://gw.example/auth/token", uris["token"]);
        Assert.Equal("https://gw.example/auth/authorize", uris["authorize"]);
        Assert.Equal("SMART-on-FHIR", security["service"]![0]!["coding"]![0]!["code"]!.GetValue<string>());
    }
}
