using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Delivery;

/// <summary>
/// Leases due notifications from the outbox and sends them: subscriptions in parallel, each subscription's in order
/// (a failed row holds back the later rows of its subscription until it is delivered or given up).
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
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<NotificationRow> leased;
            try
            {
                leased = await outbox.LeaseAsync(owner, settings.MaxConcurrentDeliveries * 4, settings.LeaseDuration, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Could not lease notifications");
                leased = [];
            }

            if (leased.Count == 0)
            {
                try
                {
                    await wake.WaitAsync(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            await Parallel.ForEachAsync(
                leased.GroupBy(n => n.SubscriptionId),
                new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentDeliveries, CancellationToken = stoppingToken },
                async (group, ct) =>
                {
                    var rows = group.ToList();
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
                        // Caught per group, so one subscription's failure does not cancel the others'. Ids and the
                        // exception type only: messages may carry endpoint details or stored content.
                        logger.LogWarning("Delivery for subscription {Subscription} failed ({Error}); its {Count} leased notification(s) wait for the lease to run out",
                            group.Key, ex.GetType().Name, rows.Count);
                    }
                }).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
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
