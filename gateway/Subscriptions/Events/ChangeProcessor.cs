using System.Globalization;
using System.Text.Json;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Takes queued changes, works out the topics they raise and records the events. A change that cannot be recorded (the
/// store briefly unavailable) is tried again after <see cref="RetryDelays"/> before it is given up. On shutdown the
/// queue is drained before the process goes: a change accepted before the stop is in the outbox after it.
/// </summary>
internal sealed class ChangeProcessor(
    ChangeQueue queue,
    SandboxStore sandbox,
    SourceRegistry sources,
    UpstreamVersions upstream,
    EventRecorder recorder,
    TimeProvider time,
    ILogger<ChangeProcessor> logger) : BackgroundService
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
        var (json, previous, previousUnknown) = sources.Find(change.SourceId) switch
        {
            { IsSandbox: false } upstreamSource => await FromUpstreamAsync(upstreamSource, change, ct),
            _ when change.Json is null => await FromSandboxAsync(change, ct),
            _ => ((change.Json, change.VersionId), change.PreviousJson, false),
        };
        if (json is null)
        {
            return;
        }

        using var current = JsonDocument.Parse(json.Value.Json);
        using var before = previous is null ? null : JsonDocument.Parse(previous);
        var key = (change with { VersionId = json.Value.Version }).Key;
        foreach (var topic in TopicTriggers.Raised(change, current.RootElement, before?.RootElement))
        {
            var focus = new EventFocus(change.SourceId, change.Type, change.Id, change.Interaction, key, change.AcceptedAt, [], OncePerFocus: previousUnknown);
            await recorder.RecordAsync(topic, focus, current.RootElement, ct, progress);
        }
    }

    /// <summary>
    /// A write through an upstream: a PATCH's result is read from the source (a failed read is retried as the change);
    /// for transition topics the version before an update is read too (<c>_history/{v-1}</c>). When it cannot be read
    /// the events are marked <see cref="EventFocus.OncePerFocus"/> rather than announcing a start or end again.
    /// </summary>
    private async Task<((string Json, string? Version)?, string?, bool)> FromUpstreamAsync(GatewaySource source, ResourceChange change, CancellationToken ct)
    {
        var json = change.Json;
        var version = change.VersionId;
        if (json is null)
        {
            var read = await upstream.ReadAsync(source, change.Type, change.Id, version, ct);
            if (read.Status is 404 or 410)
            {
                return (null, null, false);
            }

            json = read.Json ?? throw new HttpRequestException($"The patched {change.Type} could not be read from source {change.SourceId} ({read.Status}).");
            version ??= read.Version;
        }

        if (change.PreviousJson is not null || change.Interaction == "create" || !TopicTriggers.NeedsPrevious(change.Type))
        {
            return ((json, version), change.PreviousJson, false);
        }

        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 2)
        {
            // No version: nothing to tell a repeat from. Version 1 (an update that created it) has no version before.
            return ((json, version), null, number != 1);
        }

        var previous = await upstream.ReadAsync(source, change.Type, change.Id, (number - 1).ToString(CultureInfo.InvariantCulture), ct);
        // 404/410: the version before was a delete (or there is none); there is no start or end to repeat.
        return ((json, version), previous.Json, previous.Json is null && previous.Status is not (404 or 410));
    }

    private async Task<((string Json, string? Version)?, string?, bool)> FromSandboxAsync(ResourceChange change, CancellationToken ct)
    {
        var version = int.Parse(change.VersionId!, CultureInfo.InvariantCulture);
        var current = await sandbox.VReadAsync(change.SourceId, change.Type, change.Id, version, ct);
        var previous = version > 1 ? await sandbox.VReadAsync(change.SourceId, change.Type, change.Id, version - 1, ct) : null;
        return (current?.Json is { } json ? (json, change.VersionId) : null, previous is { Deleted: false } ? previous.Json : null, false);
    }
}
