namespace Lead.Gateway.Storage;

/// <summary>Opens the store once at start-up, so a missing or unwritable database stops the gateway before it serves.</summary>
internal sealed class StoreInitializer(GatewayStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.InitializeAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
