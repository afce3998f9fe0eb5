using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Runs one search page by page, appending NDJSON as each page's entries arrive. After each page the file is flushed and then
/// the next URL, line count and byte length are committed together; a resumed task first truncates its file to the
/// committed length, so a crash between the two loses nothing and duplicates nothing.
/// </summary>
internal sealed class TaskRunner(UpstreamClient upstream, IDbContextFactory<BulkExportDbContext> dbs, ExportFiles files)
{
    private const int FlushBytes = 256 * 1024;

    /// <returns>False when the search found nothing at all: not committed, so the caller batches those (re-running one after a crash costs one empty search).</returns>
    public async Task<bool> RunAsync(ExportJobRow job, ExportTaskRow task, GatewaySource source, string leaseOwner, CancellationToken ct)
    {
        var gatewayBase = $"{job.BaseUrl}/fhir/{source.Id}";
        var elements = job.Elements?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        using var lines = new NdjsonLineWriter(source.Id, gatewayBase, new UrlRewriter(source.UpstreamPrefixes, gatewayBase), elements);
        // Most searches of a system-level export find nothing: their file is created only when a page has lines.
        await using var file = new LazyFile(() => Open(job, task));
        return await RunPagesAsync(job, task, source, leaseOwner, lines, file, ct);
    }

    private FileStream Open(ExportJobRow job, ExportTaskRow task)
    {
        Directory.CreateDirectory(files.JobDirectory(job.Id));
        var file = new FileStream(files.FilePath(job.Id, task.FileName), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 64 * 1024);
        // Bytes past the last commit belong to a page whose commit never happened: it is fetched again.
        file.SetLength(task.Bytes);
        file.Position = task.Bytes;
        return file;
    }

    private async Task<bool> RunPagesAsync(ExportJobRow job, ExportTaskRow task, GatewaySource source, string leaseOwner, NdjsonLineWriter lines,
        LazyFile file, CancellationToken ct)
    {
        var url = task.NextUrl ?? task.InitialUrl;
        while (true)
        {
            PageResult page;
            try
            {
                page = await upstream.ReadAsync(source, url, (body, token) => ReadPageAsync(body, task, lines, file, token), ct)
                    ?? throw new SourceFailedException(source.Id, $"a {task.Type} search was not found") { SearchOnly = true };
            }
            catch (SourceFailedException) when (file.Opened is { } partial)
            {
                // The search is given up: lines of the page that broke were written but never committed, and the file
                // is served as it is. Cut it back to what the manifest will count.
                partial.SetLength(task.Bytes);
                throw;
            }

            var count = page.Count;
            var next = page.Next is null ? null : UpstreamClient.Relative(source, page.Next)
                ?? throw new SourceFailedException(source.Id, $"a {task.Type} search's next link points outside the source");

            if (count > 0)
            {
                // To the disk before the commit that says these bytes exist.
                var stream = file.Stream;
                await stream.FlushAsync(ct);
                stream.Flush(flushToDisk: true);
                task.Bytes = stream.Position;
            }

            task.Lines += count;
            task.NextUrl = next;
            task.Done = next is null;
            if (task.Done && task.Lines == 0 && task.Bytes == 0)
            {
                return false;
            }

            await CommitAsync(task, job.Id, leaseOwner, ct);
            if (next is null)
            {
                return true;
            }

            url = next;
        }
    }

    /// <summary>
    /// Streams one page's matches into the file as they arrive (written out every <see cref="FlushBytes"/>). Starts from
    /// the last commit each time, as a retried request reads the page again from its beginning.
    /// </summary>
    private static async Task<PageResult> ReadPageAsync(Stream body, ExportTaskRow task, NdjsonLineWriter lines, LazyFile file, CancellationToken ct)
    {
        lines.Discard();
        if (file.Opened is { } partial)
        {
            partial.SetLength(task.Bytes);
            partial.Position = task.Bytes;
        }

        using var reader = new SearchPageReader();
        var count = 0;
        var next = await reader.ReadAsync(body, entry => count += lines.AddEntry(entry) ? 1 : 0, async () =>
        {
            if (lines.Buffered >= FlushBytes)
            {
                await lines.FlushAsync(file.Stream, ct);
            }
        }, ct);
        if (lines.Buffered > 0)
        {
            await lines.FlushAsync(file.Stream, ct);
        }

        return new PageResult(count, next);
    }

    private sealed record PageResult(int Count, string? Next);

    /// <summary>The task's file, opened on first use.</summary>
    private sealed class LazyFile(Func<FileStream> open) : IAsyncDisposable
    {
        public FileStream? Opened { get; private set; }

        public FileStream Stream => Opened ??= open();

        public ValueTask DisposeAsync() => Opened?.DisposeAsync() ?? ValueTask.CompletedTask;
    }

    private Task CommitAsync(ExportTaskRow task, string jobId, string leaseOwner, CancellationToken ct) =>
        TaskProgress.SaveAsync(dbs, task.Id, jobId, leaseOwner, task.Lines, task.Bytes, task.NextUrl, task.Done, ct);
}

/// <summary>A task's progress (lines, committed bytes, where to go on, done), saved only while the worker holds the job.</summary>
internal static class TaskProgress
{
    public static async Task SaveAsync(IDbContextFactory<BulkExportDbContext> dbs, long taskId, string jobId, string leaseOwner,
        long lines, long bytes, string? next, bool done, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        // One that lost its lease must not overwrite the new holder's progress.
        var updated = await db.Tasks
            .Where(t => t.Id == taskId && db.Jobs.Any(j => j.Id == jobId && j.LeaseOwner == leaseOwner && j.Status == ExportJobStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Lines, lines).SetProperty(t => t.Bytes, bytes)
                .SetProperty(t => t.NextUrl, next).SetProperty(t => t.Done, done), ct);
        if (updated == 0)
        {
            throw new LeaseLostException();
        }
    }
}

/// <summary>The job was cancelled, expired or taken over: stop without touching it further.</summary>
internal sealed class LeaseLostException() : OperationCanceledException("The export job's lease was lost.");
