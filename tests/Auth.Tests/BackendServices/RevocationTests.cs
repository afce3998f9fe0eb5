using System.Net;
using Lead.Auth.Tests.Infrastructure;

namespace Lead.Auth.Tests.BackendServices;

[Collection(AuthServerCollection.Name)]
public sealed class RevocationTests(AuthServerFixture server)
{
    private async Task<bool> IsActiveAsync(string token)
    {
        using var client = server.CreateClient();
        using var response = await client.PostAsync("auth/introspect", BackendTokens.AuthenticatedForm(
            server, AuthServerFixture.RsaClient, "auth/token", new() { ["token"] = token }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return (await Json.ReadAsync(response)).GetProperty("active").GetBoolean();
    }

    [Fact]
    public async Task Introspection_FreshToken_Active()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.RsaClient, "system/Patient.rs");

        Assert.True(await IsActiveAsync(token));
    }

    [Fact]
    public async Task Revocation_RevokedToken_IntrospectsInactive()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.RsaClient, "system/Patient.rs");
        using var client = server.CreateClient();

        using var revoked = await client.PostAsync("auth/revoke", BackendTokens.AuthenticatedForm(
            server, AuthServerFixture.RsaClient, "auth/revoke", new() { ["token"] = token, ["token_type_hint"] = "access_token" }));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.False(await IsActiveAsync(token));
    }

    [Fact]
    public async Task Introspection_WithoutClientAuthentication_Refused()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.RsaClient, "system/Patient.rs");
        using var client = server.CreateClient();

        using var response = await client.PostAsync("auth/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token,
            ["client_id"] = AuthServerFixture.RsaClient,
        }));

        Assert.False(response.IsSuccessStatusCode);
    }
}
