using System.Text.Json;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Takes queued changes, works out the topics they raise and records the events. On shutdown the queue is drained
/// before the process goes: a change accepted before the stop is in the outbox after it.
/// </summary>
internal sealed class ChangeProcessor(ChangeQueue queue, SandboxStore sandbox, EventRecorder recorder, ILogger<ChangeProcessor> logger) : BackgroundService
{
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
            try
            {
                await ProcessAsync(change, CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Ids only: no resource content in logs.
                logger.LogError(ex, "Could not record events for {Type}/{Id} in {Source}", change.Type, change.Id, change.SourceId);
            }
        }
    }

    private async Task ProcessAsync(ResourceChange change, CancellationToken ct)
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
            await recorder.RecordAsync(topic, focus, current.RootElement, ct);
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
