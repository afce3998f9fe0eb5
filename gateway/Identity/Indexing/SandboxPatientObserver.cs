using System.Text.Json;
using System.Threading.Channels;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Identity.Indexing;

/// <summary>
/// Keeps the crosswalk current with sandbox writes between index passes: Patient changes are handed to a channel (the
/// store's event runs on the writer's thread) and applied in order by one consumer.
/// </summary>
internal sealed class SandboxPatientObserver(IServiceProvider services, CrosswalkStore crosswalk, IdentifierClassifier classifier,
    ILogger<SandboxPatientObserver> logger) : IHostedService
{
    private readonly Channel<SandboxChange> changes = Channel.CreateUnbounded<SandboxChange>(new UnboundedChannelOptions { SingleReader = true });
    private SandboxStore? store;
    private Task? consumer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The sandbox is optional: without it there is nothing to observe.
        store = services.GetService<SandboxStore>();
        if (store is not null)
        {
            store.Changed += OnChanged;
            consumer = Task.Run(ConsumeAsync, CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (store is not null)
        {
            store.Changed -= OnChanged;
        }

        changes.Writer.TryComplete();
        if (consumer is not null)
        {
            await consumer.WaitAsync(cancellationToken);
        }
    }

    private void OnChanged(object? sender, SandboxChangedEventArgs e)
    {
        foreach (var change in e.Changes.Where(c => c.Type == "Patient"))
        {
            changes.Writer.TryWrite(change);
        }
    }

    private async Task ConsumeAsync()
    {
        await foreach (var change in changes.Reader.ReadAllAsync())
        {
            try
            {
                var stored = await store!.ReadAsync(change.SourceId, "Patient", change.Id, CancellationToken.None);
                if (stored?.Json is null || stored.Deleted)
                {
                    await crosswalk.RemoveAsync(change.SourceId, change.Id, CancellationToken.None);
                    continue;
                }

                using var json = JsonDocument.Parse(stored.Json);
                if (PatientFacts.From(change.SourceId, json.RootElement, classifier) is { } facts)
                {
                    await crosswalk.UpsertAsync(facts, CancellationToken.None);
                }
            }
            catch (Exception ex)
            {
                // Source only (ids and identifiers stay out of logs): the next index pass repairs what this change missed.
                logger.LogError(ex, "Identity: a sandbox Patient change of {SourceId} was not applied", change.SourceId);
            }
        }
    }
}
