using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Smart;

/// <summary>A token revoked at the gateway's own authorization server stops working at its FHIR routes.</summary>
public sealed class TokenRevocationTests
{
    [Fact]
    public async Task RevokedToken_WorkedBefore_RefusedAfter_OtherTokensUnaffected()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Smart:RevocationCheckInterval"] = "00:00:00" });
        var revoked = await TestClients.GetTokenAsync(gateway.BaseAddress, "system/*.rs");
        var other = await TestClients.GetTokenAsync(gateway.BaseAddress, "system/*.rs");

        // Validated, and its principal cached, before the revocation.
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(gateway, revoked));

        using var discovery = JsonDocument.Parse(await gateway.Anonymous.GetStringAsync("fhir/.well-known/smart-configuration"));
        var tokenEndpoint = discovery.RootElement.GetProperty("token_endpoint").GetString()!;
        using var revocation = await gateway.Anonymous.PostAsync("auth/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = revoked,
            ["token_type_hint"] = "access_token",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            // The revocation endpoint accepts the token endpoint as the assertion's audience (SMART clients know that one).
            ["client_assertion"] = TestClients.Assertion(tokenEndpoint),
        }));
        Assert.True(revocation.StatusCode == HttpStatusCode.OK, await revocation.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, await ReadAsync(gateway, revoked));
        Assert.Equal(HttpStatusCode.OK, await ReadAsync(gateway, other));
    }

    private static async Task<HttpStatusCode> ReadAsync(GatewayHost gateway, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/aco-sandbox/Patient?_count=1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await gateway.Anonymous.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            await OutcomeAssert.ReadAsync(response, HttpStatusCode.Unauthorized);
        }

        return response.StatusCode;
    }
}
