using System.Net;
using Lead.Auth.Clients;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Tests.Clients;

[Collection(AuthServerCollection.Name)]
public sealed class DemoClientsTests(AuthServerFixture server)
{
    [Fact]
    public async Task DemoClients_Ensure_BackendKeyFileGetsToken()
    {
        var info = await server.Services.EnsureDemoClientsAsync(server.DataDirectory);
        var again = await server.Services.EnsureDemoClientsAsync(server.DataDirectory);
        var key = new JsonWebKey(await File.ReadAllTextAsync(info.BackendPrivateKeyPath));
        var assertion = new ClientAssertions(info.BackendClientId, server.TokenEndpoint).Create(key, SecurityAlgorithms.RsaSha384);
        using var client = server.CreateClient();

        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["scope"] = "system/Patient.rs",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
        }));

        Assert.Equal(info.BackendPrivateKeyPath, again.BackendPrivateKeyPath);
        Assert.StartsWith(Path.Combine(server.DataDirectory, "keys"), info.BackendPrivateKeyPath, StringComparison.Ordinal);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
