using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Lead.Gateway.Identity.Indexing;

/// <summary>
/// Reads every source's Patients (all pages, the gateway's own credentials) at start-up and every
/// <see cref="IdentityOptions.IndexInterval"/>, and again when the set of sources changes (the sandbox coming up).
/// </summary>
internal sealed class SourceIndexer(
    SourceRegistry registry, SourceReader reader, CrosswalkStore store, IdentifierClassifier classifier, IndexReadiness readiness,
    IOptions<IdentityOptions> options, ILogger<SourceIndexer> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The tables exist before the sandbox observer or an endpoint touches them.
        await store.EnsureSchemaAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IndexSources)
        {
            readiness.MarkReady();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var changed = registry.ChangeToken;
            var sources = registry.All;
            foreach (var source in sources.Where(s => s.Upstream is not null))
            {
                await IndexAsync(source, stoppingToken);
            }

            var pending = sources.Any(s => s.Upstream is null);
            if (!pending)
            {
                readiness.MarkReady();
            }

            await WaitAsync(pending ? TimeSpan.FromSeconds(1) : options.Value.IndexInterval, changed, stoppingToken);
        }
    }

    private async Task IndexAsync(GatewaySource source, CancellationToken ct)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var completeness = new SearchCompleteness();
        try
        {
            await foreach (var patient in reader.SearchAsync(source, $"Patient?_count={options.Value.IndexPageSize}", null, ct, completeness))
            {
                if (PatientFacts.From(source.Id, patient, classifier) is { } facts)
                {
                    await store.UpsertAsync(facts, ct);
                    seen.Add(facts.PatientId);
                }
            }

            // Only after a complete read: a source that failed or was cut off halfway must not lose the records not reached.
            if (completeness.TruncatedBecause is { } reason)
            {
                logger.LogWarning("Identity index: source {SourceId} read incompletely ({Reason}), {Count} patients; nothing removed this pass",
                    source.Id, reason, seen.Count);
                return;
            }

            var removed = await store.RemoveUnseenAsync(source.Id, seen, ct);
            logger.LogInformation("Identity index: source {SourceId} read, {Count} patients, {Removed} removed", source.Id, seen.Count, removed);
        }
        catch (SourceReadException ex)
        {
            logger.LogWarning("Identity index: source {SourceId} skipped this pass: {Reason}", source.Id, ex.Message);
        }
    }

    private static async Task WaitAsync(TimeSpan delay, IChangeToken changed, CancellationToken ct)
    {
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = changed.RegisterChangeCallback(s => ((TaskCompletionSource)s!).TrySetResult(), signal);
        try
        {
            await Task.WhenAny(Task.Delay(delay, ct), signal.Task);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the loop condition ends it.
        }
    }
}
