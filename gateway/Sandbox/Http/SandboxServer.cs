using Lead.Gateway.Sandbox.Seeding;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>
/// Prepares the store (schema, first-start seed) and runs the sandbox FHIR servers as their own Kestrel on loopback, so
/// the gateway reaches them through its ordinary proxy path exactly like a remote server.
/// </summary>
internal sealed class SandboxServer(
    GatewayStore gatewayStore,
    SandboxStore store,
    SandboxSeeder seeder,
    SandboxHttpHandler handler,
    SandboxAddress address,
    IOptions<SandboxOptions> options,
    ILogger<SandboxServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await gatewayStore.InitializeAsync(cancellationToken);
        await store.EnsureSchemaAsync(cancellationToken);
        await seeder.SeedAsync(cancellationToken);

        // An empty builder: the gateway's own appsettings (Urls, Kestrel endpoints) must not leak into this server.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "Lead.Gateway.Sandbox" });
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.WebHost.UseUrls(options.Value.Url);
        app = builder.Build();
        app.Run(handler.HandleAsync);
        await app.StartAsync(cancellationToken);

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        var root = new Uri(addresses.First().TrimEnd('/') + "/");
        address.SetStarted(root);
        logger.LogInformation("Sandbox FHIR servers listening at {Root} ({Sources})", root, string.Join(", ", SandboxSources.All.Select(s => s.Id)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is not null)
        {
            await app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
            app = null;
        }
    }
}
