using Lead.Auth.Clients;
using Lead.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Smart;

/// <summary>
/// Sandbox mode: registers the demo backend client (its private key generated once into the data directory) and the
/// demo SMART app, and says where the key is, so a newcomer can get a token at once.
/// </summary>
internal sealed class DemoClientsStartup(IServiceProvider services, IOptions<GatewayOptions> gateway, ILogger<DemoClientsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var demo = await services.EnsureDemoClientsAsync(gateway.Value.ResolveDataDirectory(), cancellationToken: cancellationToken);
        logger.LogInformation(
            "Sandbox demo clients: backend '{BackendClient}' (private key {KeyPath}, sign client assertions with {Algorithm}); SMART app '{AppClient}' (redirect {Redirect})",
            demo.BackendClientId, demo.BackendPrivateKeyPath, demo.TokenAlgorithm, demo.AppClientId, demo.AppRedirectUris.Count > 0 ? demo.AppRedirectUris[0] : "");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
