using System.Collections.Concurrent;
using System.Text.Json;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Runs one leased job to its end: plans it if still queued, runs its unfinished searches in parallel (interleaved
/// across sources), then writes the error file and marks it complete. The lease is renewed while it works; losing it
/// (cancel, expiry, takeover) stops the work.
/// </summary>
internal sealed class JobRunner(
    IDbContextFactory<BulkExportDbContext> dbs,
    ExportPlanner planner,
    TaskRunner runner,
    DelegateRunner delegates,
    DelegateClient delegateClient,
    SourceRegistry registry,
    ExportFiles files,
    IOptions<BulkExportOptions> options,
    TimeProvider time,
    ILogger<JobRunner> logger)
{
    public async Task RunAsync(string jobId, string owner, CancellationToken stopping)
    {
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewal = RenewAsync(jobId, owner, work);
        try
        {
            await RunCoreAsync(jobId, owner, work.Token);
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested || stopping.IsCancellationRequested)
        {
            // Cancelled, expired, taken over or shutting down: the database says what happens next.
        }
        catch (SourceNotReadyException)
        {
            await ReleaseAsync(jobId, owner);
        }
        catch (LeaseLostException)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Bulk export {JobId} failed", jobId);
            await FinishAsync(jobId, owner, ExportJobStatus.Failed, "an internal error stopped the export", CancellationToken.None);
        }
        finally
        {
            await work.CancelAsync();
            await renewal;
        }
    }

    private async Task RunCoreAsync(string jobId, string owner, CancellationToken ct)
    {
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct);
            if (job.Status == ExportJobStatus.Queued)
            {
                await PlanAsync(job, owner, ct);
            }
        }

        await RunTasksAsync(jobId, owner, ct);
        await WriteErrorFileAsync(jobId, ct);
        await FinishAsync(jobId, owner, ExportJobStatus.Completed, null, ct);
    }

    private async Task PlanAsync(ExportJobRow job, string owner, CancellationToken ct)
    {
        var (tasks, errors, delegations) = await planner.PlanAsync(job, ct);
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var started = await db.Jobs.Where(j => j.Id == job.Id && j.LeaseOwner == owner && j.Status == ExportJobStatus.Queued)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ExportJobStatus.Running), ct);
        if (started == 0)
        {
            throw new LeaseLostException();
        }

        db.Tasks.AddRange(tasks);
        db.Errors.AddRange(errors);
        db.Delegations.AddRange(delegations);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation("Bulk export {JobId} planned: {Tasks} searches, {Delegations} delegated source(s), {Errors} source error(s)",
            job.Id, tasks.Count, delegations.Count, errors.Count);
    }

    private async Task RunTasksAsync(string jobId, string owner, CancellationToken ct)
    {
        ExportJobRow job;
        List<ExportTaskRow> pending;
        List<ExportDelegationRow> parts;
        HashSet<string> failed;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, ct);
            parts = await db.Delegations.AsNoTracking().Where(d => d.JobId == jobId).OrderBy(d => d.Id).ToListAsync(ct);
            var delegated = parts.Select(d => d.SourceId).ToList();
            // A delegated source's tasks are its files: its delegation runs them.
            pending = await db.Tasks.AsNoTracking().Where(t => t.JobId == jobId && !t.Done && !delegated.Contains(t.SourceId)).OrderBy(t => t.Id).ToListAsync(ct);
            failed = (await db.Errors.Where(e => e.JobId == jobId && e.SourceId != null && e.Severity == "error" && e.Code != ExportErrors.Incomplete)
                    .Select(e => e.SourceId!).ToListAsync(ct))
                .ToHashSet(StringComparer.Ordinal);
        }

        var empty = new ConcurrentQueue<long>();
        var failedSources = new ConcurrentDictionary<string, bool>(failed.Select(f => KeyValuePair.Create(f, true)), StringComparer.Ordinal);
        // A delegated source mostly waits on the source's own job: each runs alongside the searches, outside their parallelism.
        var delegatedRuns = parts.Where(p => !p.Done && !failedSources.ContainsKey(p.SourceId))
            .Select(p => RunDelegationAsync(job, p, owner, failedSources, ct)).ToList();
        // Round-robin over sources, so every source makes progress at once and a slow one does not hold the rest back.
        var ordered = pending.GroupBy(t => t.SourceId)
            .SelectMany(g => g.Select((t, i) => (t, i)))
            .OrderBy(x => x.i).Select(x => x.t).ToList();
        var searches = Parallel.ForEachAsync(ordered, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Parallelism, CancellationToken = ct }, async (task, token) =>
        {
            if (failedSources.ContainsKey(task.SourceId))
            {
                return;
            }

            try
            {
                var source = registry.Find(task.SourceId) ?? throw new SourceFailedException(task.SourceId, "the source is no longer configured");
                if (!await runner.RunAsync(job, task, source, owner, token))
                {
                    empty.Enqueue(task.Id);
                }
            }
            catch (SourceFailedException ex) when (ex.SearchOnly)
            {
                logger.LogWarning("Bulk export {JobId}: {Reason}", jobId, ex.Message);
                await RecordSearchFailureAsync(jobId, owner, task.Id, ex, token);
            }
            catch (SourceFailedException ex) when (failedSources.TryAdd(ex.SourceId, true))
            {
                logger.LogWarning("Bulk export {JobId}: {Reason}", jobId, ex.Message);
                await RecordSourceFailureAsync(jobId, owner, ex, token);
            }
            catch (SourceFailedException)
            {
                // Already recorded by the search that failed first.
            }
        });

        // Both finished (and observed) before anything else: a failed search loop (lost lease, store error) still waits
        // for the delegated runs, and their failures are not left unobserved.
        await System.Threading.Tasks.Task.WhenAll([searches, .. delegatedRuns]);
        await MarkEmptyDoneAsync(jobId, owner, [.. empty], ct);
        if (!failedSources.IsEmpty)
        {
            await using var db = await dbs.CreateDbContextAsync(ct);
            var names = failedSources.Keys.ToList();
            await db.Tasks.Where(t => t.JobId == jobId && !t.Done && names.Contains(t.SourceId))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Done, true).SetProperty(t => t.Failed, true), ct);
        }
    }

    private async Task RunDelegationAsync(ExportJobRow job, ExportDelegationRow part, string owner, ConcurrentDictionary<string, bool> failedSources, CancellationToken ct)
    {
        var source = registry.Find(part.SourceId);
        try
        {
            await delegates.RunAsync(job, part, source ?? throw new SourceFailedException(part.SourceId, "the source is no longer configured"), owner, ct);
        }
        catch (SourceFailedException ex) when (failedSources.TryAdd(ex.SourceId, true))
        {
            logger.LogWarning("Bulk export {JobId}: {Reason}", job.Id, ex.Message);
            await RecordSourceFailureAsync(job.Id, owner, ex, ct);
            if (source is not null && part.StatusUrl is not null)
            {
                // Best effort: the source need not keep running (or keep the files of) a job nobody will read.
                await delegateClient.DeleteAsync(source, part.StatusUrl, ct);
            }
        }
        catch (SourceFailedException)
        {
            // Already recorded.
        }
    }

    private async Task MarkEmptyDoneAsync(string jobId, string owner, IReadOnlyList<long> ids, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        foreach (var chunk in ids.Chunk(500))
        {
            var updated = await db.Tasks
                .Where(t => chunk.Contains(t.Id) && db.Jobs.Any(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == ExportJobStatus.Running))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Done, true), ct);
            if (updated == 0)
            {
                throw new LeaseLostException();
            }
        }
    }

    private async Task RecordSearchFailureAsync(string jobId, string owner, long taskId, SourceFailedException ex, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!await db.Jobs.AnyAsync(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == ExportJobStatus.Running, ct))
        {
            throw new LeaseLostException();
        }

        db.Errors.Add(ExportErrors.ForSource(jobId, ex));
        await db.SaveChangesAsync(ct);
        await db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Done, true).SetProperty(t => t.Failed, true), ct);
        await transaction.CommitAsync(ct);
    }

    private async Task RecordSourceFailureAsync(string jobId, string owner, SourceFailedException ex, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // A worker that lost the job (cancelled, expired, taken over) must not mark the new holder's sources failed.
        if (!await db.Jobs.AnyAsync(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == ExportJobStatus.Running, ct))
        {
            throw new LeaseLostException();
        }

        db.Errors.Add(ExportErrors.ForSource(jobId, ex));
        await db.SaveChangesAsync(ct);
        // The source's remaining searches (or files, or its own export) are not retried on resume: its failure is already reported.
        await db.Tasks.Where(t => t.JobId == jobId && t.SourceId == ex.SourceId && !t.Done)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Failed, true), ct);
        await db.Delegations.Where(d => d.JobId == jobId && d.SourceId == ex.SourceId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Done, true), ct);
        await transaction.CommitAsync(ct);
    }

    private async Task WriteErrorFileAsync(string jobId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var errors = await db.Errors.AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.Id).ToListAsync(ct);
        var sourceErrorFiles = await db.Tasks.AsNoTracking()
            .Where(t => t.JobId == jobId && t.Type == ExportErrors.SourceErrorFileType && t.Lines > 0).OrderBy(t => t.Id).ToListAsync(ct);
        if (errors.Count == 0 && sourceErrorFiles.Count == 0)
        {
            return;
        }

        Directory.CreateDirectory(files.JobDirectory(jobId));
        await using var file = new FileStream(files.FilePath(jobId, ExportFiles.ErrorFileName), FileMode.Create, FileAccess.Write, FileShare.Read);
        foreach (var error in errors)
        {
            await using (var writer = new Utf8JsonWriter(file))
            {
                ExportErrors.WriteLine(writer, error);
            }

            file.WriteByte((byte)'\n');
        }

        // Delegated sources' own error files (already stamped with their source), up to their last commit.
        foreach (var part in sourceErrorFiles)
        {
            await using var lines = new FileStream(files.FilePath(jobId, part.FileName), FileMode.Open, FileAccess.Read, FileShare.Read);
            await CopyAsync(lines, file, part.Bytes, ct);
        }

        file.Flush(flushToDisk: true);
    }

    private static async Task CopyAsync(Stream from, Stream to, long length, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        while (length > 0)
        {
            var read = await from.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), ct);
            if (read == 0)
            {
                break;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), ct);
            length -= read;
        }
    }

    private async Task FinishAsync(string jobId, string owner, string status, string? failure, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var expires = (now + options.Value.Retention).ToUnixTimeMilliseconds();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var updated = await db.Jobs.Where(j => j.Id == jobId && j.LeaseOwner == owner && (j.Status == ExportJobStatus.Queued || j.Status == ExportJobStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.Failure, failure)
                .SetProperty(j => j.CompletedAt, now.ToUnixTimeMilliseconds()).SetProperty(j => j.ExpiresAt, expires)
                .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpires, 0L), ct);
        if (updated > 0)
        {
            logger.LogInformation("Bulk export {JobId} {Status}", jobId, status);
        }
    }

    private async Task ReleaseAsync(string jobId, string owner)
    {
        await using var db = await dbs.CreateDbContextAsync();
        await db.Jobs.Where(j => j.Id == jobId && j.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpires, 0L));
    }

    /// <summary>Keeps the lease while the job runs; stops the work when the job is cancelled or another worker holds it.</summary>
    private async Task RenewAsync(string jobId, string owner, CancellationTokenSource work)
    {
        var period = options.Value.LeaseDuration / 3;
        try
        {
            while (!work.IsCancellationRequested)
            {
                await System.Threading.Tasks.Task.Delay(period, time, work.Token);
                await using var db = await dbs.CreateDbContextAsync(work.Token);
                var until = (time.GetUtcNow() + options.Value.LeaseDuration).ToUnixTimeMilliseconds();
                var renewed = await db.Jobs.Where(j => j.Id == jobId && j.LeaseOwner == owner && (j.Status == ExportJobStatus.Queued || j.Status == ExportJobStatus.Running))
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseExpires, until), work.Token);
                if (renewed == 0)
                {
                    await work.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            // A database hiccup: the lease may lapse and another worker resume the job; this one stops.
            logger.LogWarning(ex, "Bulk export {JobId}: lease renewal failed", jobId);
            await work.CancelAsync();
        }
    }
}
