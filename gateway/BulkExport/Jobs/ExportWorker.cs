using Lead.Auth.Storage;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Sources;
using Lead.Gateway.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Leases runnable export jobs from the database and runs them; also removes cancelled and expired jobs' files.
/// A lease is an owner and an expiry on the job row, taken with a conditional UPDATE (only if free or lapsed), so a
/// restarted process or another replica takes over a job whose worker died. On PostgreSQL the candidate query is the
/// place for <c>SELECT … FOR UPDATE SKIP LOCKED</c>; the conditional UPDATE alone is already correct, only less quiet
/// under contention.
/// </summary>
internal sealed class ExportWorker(
    IDbContextFactory<BulkExportDbContext> dbs,
    JobRunner runner,
    DelegateClient delegates,
    SourceRegistry registry,
    ExportFiles files,
    ExportSignal signal,
    IOptions<BulkExportOptions> options,
    TimeProvider time,
    ILogger<ExportWorker> logger) : BackgroundService
{
    private readonly string owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly Dictionary<string, Task> running = new(StringComparer.Ordinal);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Tables exist before the first kick-off is served.
        await using (var db = await dbs.CreateDbContextAsync(cancellationToken))
        {
            await SchemaMigrator.MigrateAsync(db, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var round = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var done in running.Where(r => r.Value.IsCompleted).Select(r => r.Key).ToList())
                {
                    running.Remove(done);
                }

                while (running.Count < options.Value.MaxConcurrentJobs && await TryLeaseAsync(stoppingToken) is { } jobId)
                {
                    running[jobId] = System.Threading.Tasks.Task.Run(async () =>
                    {
                        await runner.RunAsync(jobId, owner, stoppingToken);
                        // A slot is free: a queued job need not wait for the next poll.
                        signal.Notify();
                    }, CancellationToken.None);
                }

                if (round++ % 10 == 0)
                {
                    await CleanUpAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Bulk export worker round failed; retrying");
            }

            try
            {
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await System.Threading.Tasks.Task.WhenAll(running.Values);
    }

    private async Task<string?> TryLeaseAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var until = now + (long)options.Value.LeaseDuration.TotalMilliseconds;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var candidates = await db.Jobs.AsNoTracking()
            .Where(j => (j.Status == ExportJobStatus.Queued || j.Status == ExportJobStatus.Running) && j.LeaseExpires < now && j.ExpiresAt > now)
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(5).ToListAsync(ct);
        foreach (var id in candidates.Where(c => !running.ContainsKey(c)))
        {
            var taken = await db.Jobs
                .Where(j => j.Id == id && j.LeaseExpires < now && (j.Status == ExportJobStatus.Queued || j.Status == ExportJobStatus.Running))
                .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, owner).SetProperty(j => j.LeaseExpires, until), ct);
            if (taken == 1)
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Cancelled jobs go at once; expired ones lose their files but answer 410 for another retention period.</summary>
    private async Task CleanUpAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var retention = (long)options.Value.Retention.TotalMilliseconds;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var stale = await db.Jobs.AsNoTracking()
            .Where(j => j.LeaseExpires < now && (j.Status == ExportJobStatus.Cancelled || (j.Status != ExportJobStatus.Expired && j.ExpiresAt <= now)
                || (j.Status == ExportJobStatus.Expired && j.ExpiresAt + retention <= now)))
            .OrderBy(j => j.CreatedAt).Select(j => new { j.Id, j.Status }).Take(100).ToListAsync(ct);
        foreach (var job in stale.Where(j => !running.ContainsKey(j.Id)))
        {
            if (job.Status == ExportJobStatus.Cancelled)
            {
                await CancelDelegationsAsync(db, job.Id, ct);
            }

            files.Delete(job.Id);
            await db.Tasks.Where(t => t.JobId == job.Id).ExecuteDeleteAsync(ct);
            await db.Errors.Where(e => e.JobId == job.Id).ExecuteDeleteAsync(ct);
            await db.Delegations.Where(d => d.JobId == job.Id).ExecuteDeleteAsync(ct);
            if (job.Status is ExportJobStatus.Cancelled or ExportJobStatus.Expired)
            {
                await db.Jobs.Where(j => j.Id == job.Id).ExecuteDeleteAsync(ct);
            }
            else
            {
                await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ExportJobStatus.Expired), ct);
            }
        }
    }

    /// <summary>A cancelled job's delegated sources are asked to drop their own jobs too (best effort: DELETE on their status URLs).</summary>
    private async Task CancelDelegationsAsync(BulkExportDbContext db, string jobId, CancellationToken ct)
    {
        var parts = await db.Delegations.AsNoTracking().Where(d => d.JobId == jobId && d.StatusUrl != null && !d.Done).ToListAsync(ct);
        foreach (var part in parts)
        {
            if (registry.Find(part.SourceId) is { } source)
            {
                await delegates.DeleteAsync(source, part.StatusUrl!, ct);
            }
        }
    }
}
