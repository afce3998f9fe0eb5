using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Delivery;

/// <summary>
/// Leases due notifications from the outbox and sends them: subscriptions in parallel (one delivery per subscription
/// at a time, up to MaxConcurrentDeliveries, new work started as soon as a slot frees), each subscription's in order (a
/// failed row holds back the later rows of its subscription until it is delivered or given up).
/// Woken at once by local work, otherwise polls (other replicas' events, retries coming due).
/// </summary>
internal sealed class NotificationDispatcher(
    Outbox outbox,
    NotificationSender sender,
    IOptions<SubscriptionsOptions> options,
    ILogger<NotificationDispatcher> logger) : BackgroundService
{
    private readonly string owner = $"{Environment.MachineName}:{Guid.NewGuid():N}";
    private readonly SemaphoreSlim wake = new(0, 1);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await outbox.ReleaseAsync(owner, cancellationToken);
        }
        catch (Exception ex)
        {
            // The leases then simply run out.
            logger.LogWarning(ex, "Could not release notification leases");
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        outbox.WorkAdded += (_, _) => Wake();
        var settings = options.Value;
        // One delivery task per subscription at a time, up to MaxConcurrentDeliveries: a subscriber that answers slowly
        // (up to its own timeout) holds only its own notifications, never a round of everyone's.
        var running = new Dictionary<string, Task>(StringComparer.Ordinal);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    running.Remove(done);
                }

                var started = running.Count < settings.MaxConcurrentDeliveries && await StartDeliveriesAsync(running, settings, stoppingToken);
                if (!started)
                {
                    // Idle, or every slot busy: wait for new work, a delivery finishing, or the poll interval.
                    using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    Task wakeUp = wake.WaitAsync(settings.PollInterval, waiting.Token);
                    await Task.WhenAny([wakeUp, .. running.Values]);
                    await waiting.CancelAsync();
                    await wakeUp.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            await Task.WhenAll(running.Values).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Leases due rows and starts a delivery for each subscription not already being delivered; true when one started.</summary>
    private async Task<bool> StartDeliveriesAsync(Dictionary<string, Task> running, SubscriptionsOptions settings, CancellationToken stoppingToken)
    {
        IReadOnlyList<NotificationRow> leased;
        try
        {
            leased = await outbox.LeaseAsync(owner, (settings.MaxConcurrentDeliveries - running.Count) * 4, settings.LeaseDuration, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not lease notifications");
            return false;
        }

        var started = false;
        var later = new List<NotificationRow>();
        foreach (var group in leased.GroupBy(n => n.SubscriptionId))
        {
            if (running.ContainsKey(group.Key) || running.Count >= settings.MaxConcurrentDeliveries)
            {
                // Behind a delivery of the same subscription still running (order), or no free slot: leased again later.
                later.AddRange(group);
                continue;
            }

            var rows = group.ToList();
            running[group.Key] = DeliverAsync(group.Key, rows, stoppingToken);
            started = true;
        }

        if (later.Count > 0)
        {
            await outbox.ReleaseAsync(later, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        return started;
    }

    /// <summary>One subscription's rows in order: a row to be retried holds back the rest.</summary>
    private async Task DeliverAsync(string subscriptionId, List<NotificationRow> rows, CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            for (var i = 0; i < rows.Count; i++)
            {
                if (!await sender.SendAsync(rows[i], ct))
                {
                    // Keep the order: the rest waits behind the row that will be retried.
                    await outbox.ReleaseAsync([.. rows.Skip(i + 1)], ct);
                    break;
                }
            }
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            // Caught per subscription, so one subscription's failure does not touch the others'. Ids and the exception
            // type only: messages may carry endpoint details or stored content.
            logger.LogWarning("Delivery for subscription {Subscription} failed ({Error}); its {Count} leased notification(s) wait for the lease to run out",
                subscriptionId, ex.GetType().Name, rows.Count);
        }
        finally
        {
            // A slot is free: look for more work at once.
            Wake();
        }
    }

    private void Wake()
    {
        try
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
        catch (ObjectDisposedException)
        {
            // Shutting down.
        }
    }
}
