using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions;

/// <summary>
/// Live (active or requested) subscriptions in memory, so the change feed can drop the (vast) majority of changes nobody subscribed to
/// without touching the store. Reloaded on local changes at once, and periodically for other replicas' changes.
/// </summary>
internal sealed class SubscriptionCache(SubscriptionStore store, Events.PatientPlaces places, ILogger<SubscriptionCache> logger) : BackgroundService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private readonly SemaphoreSlim reload = new(0, 1);
    private volatile IReadOnlyList<ActiveSubscription> active = [];

    public IReadOnlyList<ActiveSubscription> Active => active;

    /// <summary>Reloads now (after a local create/update/delete) and waits for it.</summary>
    public async Task ReloadAsync(CancellationToken ct) =>
        active = [.. (await store.LiveAsync(ct)).Select(row => ActiveSubscription.From(row, places)).OfType<ActiveSubscription>()];

    public bool AnyFor(string resourceType) => active.Any(s => s.Topic.ResourceType == resourceType);

    /// <summary>Loaded before the change observers start: a change right after start-up must not meet an empty cache.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ReloadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        store.Changed += (_, _) => Signal();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReloadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not reload active subscriptions");
            }

            try
            {
                await reload.WaitAsync(Refresh, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        reload.Dispose();
        base.Dispose();
    }

    private void Signal()
    {
        try
        {
            if (reload.CurrentCount == 0)
            {
                reload.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one reload covers both changes.
        }
    }
}
