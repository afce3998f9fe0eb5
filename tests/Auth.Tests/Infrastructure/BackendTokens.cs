using System.Net;
using System.Net.Http.Headers;

namespace Lead.Auth.Tests.Infrastructure;

internal static class BackendTokens
{
    public static async Task<string> GetAsync(AuthServerFixture server, string clientId, string scope)
    {
        var assertions = new ClientAssertions(clientId, server.TokenEndpoint);
        using var client = server.CreateClient();
        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = scope,
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertions.Create(),
        }));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await Json.ReadAsync(response)).GetProperty("access_token").GetString()!;
    }

    public static FormUrlEncodedContent AuthenticatedForm(AuthServerFixture server, string clientId, string audiencePath, Dictionary<string, string> form)
    {
        var assertions = new ClientAssertions(clientId, new Uri(server.BaseUri, audiencePath).AbsoluteUri);
        form["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
        form["client_assertion"] = assertions.Create();
        return new FormUrlEncodedContent(form);
    }

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
