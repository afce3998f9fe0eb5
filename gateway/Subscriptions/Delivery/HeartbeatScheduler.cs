using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Delivery;

/// <summary>
/// Queues a heartbeat for each active subscription whose heartbeat period has passed (none after its <c>end</c>), and
/// now and then deletes notifications older than <see cref="SubscriptionsOptions.OutboxRetention"/>.
/// </summary>
internal sealed class HeartbeatScheduler(
    SubscriptionStore subscriptions,
    Outbox outbox,
    IOptions<SubscriptionsOptions> options,
    TimeProvider time,
    ILogger<HeartbeatScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan MaxPurgeInterval = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        var retention = options.Value.OutboxRetention;
        // Often enough that nothing stays much longer than the retention; every replica may purge (a delete is idempotent).
        var purgeEvery = retention < MaxPurgeInterval ? retention : MaxPurgeInterval;
        var lastPurge = DateTimeOffset.MinValue;
        while (await WaitAsync(timer, stoppingToken))
        {
            if (time.GetUtcNow() - lastPurge >= purgeEvery)
            {
                lastPurge = time.GetUtcNow();
                await PurgeAsync(lastPurge - retention, stoppingToken);
            }

            try
            {
                var now = time.GetUtcNow().UtcTicks;
                var queued = false;
                foreach (var row in (await subscriptions.LiveAsync(stoppingToken)).Where(s => s.Status == SubscriptionStates.Active && s.HeartbeatSeconds is not null
                    && s.NextHeartbeatTicks <= now && (s.EndTicks is null || s.EndTicks > now)))
                {
                    queued |= await subscriptions.QueueHeartbeatAsync(row, now, stoppingToken);
                }

                if (queued)
                {
                    outbox.Signal();
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not schedule heartbeats");
            }
        }
    }

    private async Task PurgeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        try
        {
            var purged = await outbox.PurgeAsync(cutoff, ct);
            if (purged > 0)
            {
                logger.LogInformation("Deleted {Count} delivered or failed notification(s) older than the outbox retention", purged);
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning("Could not purge old notifications ({Error})", ex.GetType().Name);
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
