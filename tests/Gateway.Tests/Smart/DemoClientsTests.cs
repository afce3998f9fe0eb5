using Lead.Auth.Clients;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Smart;

/// <summary>
/// The sandbox's demo clients (a public app whose sign-in password is published, a backend client whose key sits in the
/// data directory) reach the sandbox sources only, and do not outlive sandbox mode on the same store.
/// </summary>
public sealed class DemoClientsTests
{
    [Fact]
    public async Task DemoClients_OnlySandboxSources_RemovedWithTheirKeyWhenSandboxIsOff()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var dataDirectory = TempDirectory.Create("demo-clients");
        var real = new Dictionary<string, string?> { ["Sources:state-real:Kind"] = "medicaid", ["Sources:state-real:BaseUrl"] = upstream.Base };
        var keyPath = Path.Combine(dataDirectory, "keys", "demo-backend-client.private.jwk.json");

        await using (var sandbox = await GatewayHost.StartAsync(real, dataDirectory))
        {
            var registry = sandbox.Services.GetRequiredService<ClientRegistry>();
            foreach (var clientId in new[] { SmartDemoClients.BackendClientId, SmartDemoClients.AppClientId })
            {
                var client = await registry.FindAsync(clientId, CancellationToken.None);
                Assert.NotNull(client);
                Assert.Equal(SandboxSources.All.Select(s => s.Id).Order(), client.Sources.Order());
            }

            Assert.True(File.Exists(keyPath));
        }

        await using (var production = await GatewayHost.StartAsync(new Dictionary<string, string?>(real) { ["Sandbox:Enabled"] = "false" }, dataDirectory))
        {
            var registry = production.Services.GetRequiredService<ClientRegistry>();
            Assert.Null(await registry.FindAsync(SmartDemoClients.BackendClientId, CancellationToken.None));
            Assert.Null(await registry.FindAsync(SmartDemoClients.AppClientId, CancellationToken.None));
            Assert.False(File.Exists(keyPath));
            // The test's own clients (configuration) are untouched.
            Assert.NotNull(await registry.FindAsync(TestClients.BackendClientId, CancellationToken.None));
        }
    }
}
