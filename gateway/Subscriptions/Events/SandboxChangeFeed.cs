using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Every committed sandbox write (through the gateway, a sandbox's own port, import) as a change. The handler runs on
/// the writer's thread, so it only filters and queues.
/// </summary>
internal sealed class SandboxChangeFeed(SandboxStore store, ChangeQueue queue, SourceRegistry sources, TimeProvider time) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        store.Changed += OnChanged;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        store.Changed -= OnChanged;
        return Task.CompletedTask;
    }

    private void OnChanged(object? sender, SandboxChangedEventArgs e)
    {
        var now = time.GetUtcNow();
        foreach (var change in e.Changes)
        {
            if (change.Action == SandboxChangeAction.Delete)
            {
                continue;
            }

            queue.Offer(change.Type, () => new ResourceChange(
                change.SourceId, sources.Find(change.SourceId)?.Kind ?? "", change.Type, change.Id,
                change.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                change.Action == SandboxChangeAction.Create ? "create" : "update", null, null, now));
        }
    }
}
