using Lead.Auth.Clients;
using Hl7.Fhir.Model;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Smart;

/// <summary>
/// Sandbox mode: registers the demo backend client (its private key generated once into the data directory) and the
/// demo SMART app, and says where the key is, so a newcomer can get a token at once.
/// </summary>
internal sealed class DemoClientsStartup(IServiceProvider services, SandboxStore store, IOptions<GatewayOptions> gateway, ILogger<DemoClientsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // The sandbox user's fhirUser must resolve in the ACO sandbox, the base its apps launch against.
        if (await store.ReadAsync(SandboxSources.Aco, "Practitioner", SandboxUser.PractitionerId, cancellationToken) is null)
        {
            await store.UpdateAsync(SandboxSources.Aco, new Practitioner
            {
                Id = SandboxUser.PractitionerId,
                Active = true,
                Name = [new HumanName { Family = "Clinician", Given = ["Sandbox"] }],
            }, null, cancellationToken);
        }

        // The demo clients reach the sandbox sources only, never a real source configured beside them.
        var demo = await services.EnsureDemoClientsAsync(gateway.Value.ResolveDataDirectory(), sources: [.. SandboxSources.All.Select(s => s.Id)],
            cancellationToken: cancellationToken);
        logger.LogInformation(
            "Sandbox sign-in for App Launch: user '{User}'. Demo clients: backend '{BackendClient}' (private key {KeyPath}, sign client assertions with {Algorithm}); SMART app '{AppClient}' (redirect {Redirect})",
            SandboxUser.Username, demo.BackendClientId, demo.BackendPrivateKeyPath, demo.TokenAlgorithm, demo.AppClientId, demo.AppRedirectUris.Count > 0 ? demo.AppRedirectUris[0] : "");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>Outside sandbox mode: no demo client (nor its key) survives from a time the sandbox ran on this store.</summary>
internal sealed class DemoClientsRemoval(IServiceProvider services, IOptions<GatewayOptions> gateway, ILogger<DemoClientsRemoval> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await services.RemoveDemoClientsAsync(gateway.Value.ResolveDataDirectory(), cancellationToken) is > 0 and var removed)
        {
            logger.LogWarning("Sandbox mode is off: {Count} demo client registration(s) left from sandbox mode were removed, with the demo key", removed);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
