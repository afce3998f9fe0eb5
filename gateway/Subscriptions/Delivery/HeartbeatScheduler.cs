using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions.Delivery;

/// <summary>Queues a heartbeat for each active subscription whose heartbeat period has passed.</summary>
internal sealed class HeartbeatScheduler(SubscriptionStore subscriptions, Outbox outbox, TimeProvider time, ILogger<HeartbeatScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500), time);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                var now = time.GetUtcNow().UtcTicks;
                var queued = false;
                foreach (var row in (await subscriptions.LiveAsync(stoppingToken)).Where(s => s.Status == SubscriptionStates.Active && s.HeartbeatSeconds is not null && s.NextHeartbeatTicks <= now))
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
