using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Runs one search page by page, appending NDJSON as each page arrives. After each page the file is flushed and then
/// the next URL, line count and byte length are committed together; a resumed task first truncates its file to the
/// committed length, so a crash between the two loses nothing and duplicates nothing.
/// </summary>
internal sealed class TaskRunner(UpstreamClient upstream, IDbContextFactory<BulkExportDbContext> dbs, ExportFiles files)
{
    /// <returns>False when the search found nothing at all: not committed, so the caller batches those (re-running one after a crash costs one empty search).</returns>
    public async Task<bool> RunAsync(ExportJobRow job, ExportTaskRow task, GatewaySource source, string leaseOwner, CancellationToken ct)
    {
        var gatewayBase = $"{job.BaseUrl}/fhir/{source.Id}";
        var elements = job.Elements?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        using var lines = new NdjsonLineWriter(source.Id, gatewayBase, new UrlRewriter(source.UpstreamPrefixes, gatewayBase), elements);
        // Most searches of a system-level export find nothing: their file is created only when a page has lines.
        FileStream? file = null;
        try
        {
            return await RunPagesAsync(job, task, source, leaseOwner, lines, () => file ??= Open(job, task), ct);
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
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
        Func<FileStream> file, CancellationToken ct)
    {
        var url = task.NextUrl ?? task.InitialUrl;
        while (true)
        {
            int count;
            string? next;
            using (var page = await upstream.GetAsync(source, url, ct) ?? throw new SourceFailedException(source.Id, $"a {task.Type} search was not found") { SearchOnly = true })
            {
                count = HasEntries(page.RootElement) || task.Bytes > 0 ? await lines.WritePageAsync(page.RootElement, file(), ct) : 0;
                var link = ExportPages.NextLink(page.RootElement);
                next = link is null ? null : UpstreamClient.Relative(source, link)
                    ?? throw new SourceFailedException(source.Id, $"a {task.Type} search's next link points outside the source");
            }

            if (count > 0)
            {
                // To the disk before the commit that says these bytes exist.
                var stream = file();
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

    private static bool HasEntries(System.Text.Json.JsonElement bundle) =>
        bundle.TryGetProperty("entry", out var entries) && entries.ValueKind == System.Text.Json.JsonValueKind.Array && entries.GetArrayLength() > 0;

    private async Task CommitAsync(ExportTaskRow task, string jobId, string leaseOwner, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (lines, bytes, next, done) = (task.Lines, task.Bytes, task.NextUrl, task.Done);
        // Only while this worker still holds the job: one that lost its lease must not overwrite the new holder's progress.
        var updated = await db.Tasks
            .Where(t => t.Id == task.Id && db.Jobs.Any(j => j.Id == jobId && j.LeaseOwner == leaseOwner && j.Status == ExportJobStatus.Running))
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
