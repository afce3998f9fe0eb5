using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions;

/// <summary>Creates the subscription tables before the dispatcher and the cache start reading them.</summary>
internal sealed class SubscriptionsSchema(SubscriptionStore store) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => store.EnsureSchemaAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
