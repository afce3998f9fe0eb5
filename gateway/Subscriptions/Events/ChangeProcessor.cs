using System.Text.Json;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Takes queued changes, works out the topics they raise and records the events. A change that cannot be recorded (the
/// store briefly unavailable) is tried again after <see cref="RetryDelays"/> before it is given up. On shutdown the
/// queue is drained before the process goes: a change accepted before the stop is in the outbox after it.
/// </summary>
internal sealed class ChangeProcessor(ChangeQueue queue, SandboxStore sandbox, EventRecorder recorder, TimeProvider time, ILogger<ChangeProcessor> logger) : BackgroundService
{
    /// <summary>Waits before the second, third and fourth attempt (about 6 s in all: a failover, a lock timeout).</summary>
    internal static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)];

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Not stoppingToken: reading ends when the queue is completed and empty, so nothing accepted is dropped.
        await foreach (var change in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            await ProcessWithRetriesAsync(change);
        }
    }

    private async Task ProcessWithRetriesAsync(ResourceChange change)
    {
        var progress = new RecordingProgress();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ProcessAsync(change, progress, CancellationToken.None);
                return;
            }
            catch (Exception ex) when (attempt <= RetryDelays.Count)
            {
                // Ids and the exception type only: messages may quote stored values.
                logger.LogWarning("Recording events for a {Type} change in {Source} failed ({Error}), attempt {Attempt} of {Attempts}; retrying",
                    change.Type, change.SourceId, ex.GetType().Name, attempt, RetryDelays.Count + 1);
                await Task.Delay(RetryDelays[attempt - 1], time);
            }
            catch (Exception ex)
            {
                logger.LogError("Gave up recording events for a {Type} change in {Source} after {Attempts} attempts ({Error}): {Count} event(s) lost (topic|subscription: {Pending})",
                    change.Type, change.SourceId, attempt, ex.GetType().Name, progress.Pending.Count,
                    progress.Pending.Count == 0 ? "not matched yet" : string.Join(", ", progress.Pending));
                return;
            }
        }
    }

    private async Task ProcessAsync(ResourceChange change, RecordingProgress progress, CancellationToken ct)
    {
        var (json, previous) = change.Json is null ? await FromSandboxAsync(change, ct) : (change.Json, change.PreviousJson);
        if (json is null)
        {
            return;
        }

        using var current = JsonDocument.Parse(json);
        using var before = previous is null ? null : JsonDocument.Parse(previous);
        foreach (var topic in TopicTriggers.Raised(change, current.RootElement, before?.RootElement))
        {
            var focus = new EventFocus(change.SourceId, change.Type, change.Id, change.Interaction, change.Key, change.AcceptedAt, []);
            await recorder.RecordAsync(topic, focus, current.RootElement, ct, progress);
        }
    }

    private async Task<(string?, string?)> FromSandboxAsync(ResourceChange change, CancellationToken ct)
    {
        var version = int.Parse(change.VersionId!, System.Globalization.CultureInfo.InvariantCulture);
        var current = await sandbox.VReadAsync(change.SourceId, change.Type, change.Id, version, ct);
        var previous = version > 1 ? await sandbox.VReadAsync(change.SourceId, change.Type, change.Id, version - 1, ct) : null;
        return (current?.Json, previous is { Deleted: false } ? previous.Json : null);
    }
}
