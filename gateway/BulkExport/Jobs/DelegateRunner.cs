using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text.Json;
using Hl7.Fhir.Model;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Runs a delegated source's part of a job: kicks off the source's own <c>$export</c>, polls its status URL (honouring
/// <c>Retry-After</c> within <c>Export:MaxRetryAfter</c>), then streams each of its files line by line into the job's
/// files, stamping <c>meta.source</c> and the source tag as a search does. Every step is committed before the next
/// (status URL, then the manifest's files as tasks, then lines consumed and bytes written per file), so a resumed job
/// re-polls the same source job and resumes each file where its last commit left it.
/// </summary>
internal sealed class DelegateRunner(
    DelegateClient client,
    IDbContextFactory<BulkExportDbContext> dbs,
    ExportFiles files,
    IOptions<BulkExportOptions> options,
    TimeProvider time,
    ILogger<DelegateRunner> logger)
{
    /// <summary>Buffered output is written and committed at least this often (bytes), besides every PageSize lines.</summary>
    private const int FlushBytes = 1 << 20;

    public async System.Threading.Tasks.Task RunAsync(ExportJobRow job, ExportDelegationRow part, GatewaySource source, string owner, CancellationToken ct)
    {
        if (part.StatusUrl is null)
        {
            var status = await client.KickOffAsync(source, part.KickOffUrl, ct);
            var started = time.GetUtcNow().ToUnixTimeMilliseconds();
            await UpdateAsync(job.Id, owner, part.Id, s => s.SetProperty(d => d.StatusUrl, status).SetProperty(d => d.StartedAt, started), ct);
            (part.StatusUrl, part.StartedAt) = (status, started);
        }

        if (!part.ManifestRead)
        {
            using var manifest = await WaitForManifestAsync(part, source, ct);
            await ReadManifestAsync(job, part, source, manifest.RootElement, owner, ct);
        }

        List<ExportTaskRow> pending;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            pending = await db.Tasks.AsNoTracking().Where(t => t.JobId == job.Id && t.SourceId == source.Id && !t.Done).OrderBy(t => t.Id).ToListAsync(ct);
        }

        foreach (var task in pending)
        {
            await DownloadAsync(job, part, task, source, owner, ct);
        }

        // The files are the gateway's now: the source may free its copy.
        await client.DeleteAsync(source, part.StatusUrl, ct);
        await UpdateAsync(job.Id, owner, part.Id, s => s.SetProperty(d => d.Done, true), ct);
    }

    private async Task<JsonDocument> WaitForManifestAsync(ExportDelegationRow part, GatewaySource source, CancellationToken ct)
    {
        var settings = source.Export;
        var deadline = DateTimeOffset.FromUnixTimeMilliseconds(part.StartedAt) + settings.MaxDuration;
        var failures = 0;
        while (true)
        {
            var left = deadline - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                await client.DeleteAsync(source, part.StatusUrl!, ct);
                throw new SourceFailedException(source.Id,
                    $"its own $export did not finish within Export:MaxDuration ({settings.MaxDuration})", timedOut: true);
            }

            DelegateClient.Status status;
            try
            {
                status = await client.PollAsync(source, part.StatusUrl!, ct);
                failures = 0;
            }
            catch (SourceFailedException) when (++failures < 2)
            {
                // One failed poll is tried again after the usual wait (a restarting source); two in a row fail the source.
                status = new DelegateClient.Status(null, null);
            }

            if (status.Manifest is { } manifest)
            {
                return manifest;
            }

            var wait = status.RetryAfter ?? settings.PollInterval;
            wait = wait < TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait > settings.MaxRetryAfter ? settings.MaxRetryAfter : wait;
            await System.Threading.Tasks.Task.Delay(wait < left ? wait : left, time, ct);
        }
    }

    /// <summary>The manifest's files become tasks, committed together with "manifest read" (only while this worker holds the job).</summary>
    private async System.Threading.Tasks.Task ReadManifestAsync(ExportJobRow job, ExportDelegationRow part, GatewaySource source, JsonElement manifest, string owner,
        CancellationToken ct)
    {
        var requiresAccessToken = !manifest.TryGetProperty("requiresAccessToken", out var r) || r.ValueKind != JsonValueKind.False;
        // The types this source was asked for (a Patient-level kick-off asks only compartment types), else the job's.
        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(part.KickOffUrl.Contains('?', StringComparison.Ordinal) ? part.KickOffUrl[part.KickOffUrl.IndexOf('?', StringComparison.Ordinal)..] : "");
        var wanted = (query.TryGetValue("_type", out var asked) ? asked.ToString() : job.Types)
            .Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var tasks = new List<ExportTaskRow>();
        foreach (var (array, isError) in new[] { ("output", false), ("error", true) })
        {
            if (!manifest.TryGetProperty(array, out var items) || items.ValueKind != JsonValueKind.Array)
            {
                if (!isError)
                {
                    throw new SourceFailedException(source.Id, "its $export manifest has no output array");
                }

                continue;
            }

            foreach (var item in items.EnumerateArray())
            {
                var type = item.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                var url = item.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()! : "";
                if (!isError && !wanted.Contains(type))
                {
                    // A type the job did not ask for (or the token does not grant) is not even downloaded.
                    logger.LogWarning("Bulk export {JobId}: source {SourceId} listed a file of a type not requested; skipped", job.Id, source.Id);
                    continue;
                }

                var file = DelegateClient.FileUrl(source, url, requiresAccessToken)
                    ?? throw new SourceFailedException(source.Id, "its $export manifest lists a file URL the gateway will not fetch (not http(s), or outside the source while requiring the token)");
                var index = tasks.Count + 1;
                tasks.Add(new ExportTaskRow
                {
                    JobId = job.Id,
                    SourceId = source.Id,
                    Type = isError ? ExportErrors.SourceErrorFileType : type,
                    // The type is a known resource type here (it is one of the job's), so it is safe in a file name.
                    FileName = isError ? $"{source.Id}.errors.{index:D4}.ndjson" : $"{source.Id}.{type}.{index:D4}.ndjson",
                    InitialUrl = file,
                    NextUrl = "0",
                });
            }
        }

        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var updated = await db.Delegations
            .Where(d => d.Id == part.Id && !d.ManifestRead && db.Jobs.Any(j => j.Id == job.Id && j.LeaseOwner == owner && j.Status == ExportJobStatus.Running))
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.ManifestRead, true).SetProperty(d => d.RequiresAccessToken, requiresAccessToken), ct);
        if (updated == 0)
        {
            throw new LeaseLostException();
        }

        db.Tasks.AddRange(tasks);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        (part.ManifestRead, part.RequiresAccessToken) = (true, requiresAccessToken);
    }

    private async System.Threading.Tasks.Task DownloadAsync(ExportJobRow job, ExportDelegationRow part, ExportTaskRow task, GatewaySource source, string owner,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DownloadOnceAsync(job, part, task, source, owner, ct);
                return;
            }
            catch (SourceFailedException) when (attempt < 2 && !ct.IsCancellationRequested)
            {
                // A dropped connection: resume from the last commit once more before giving up on the source.
                await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(500), time, ct);
            }
        }
    }

    private async System.Threading.Tasks.Task DownloadOnceAsync(ExportJobRow job, ExportDelegationRow part, ExportTaskRow task, GatewaySource source, string owner,
        CancellationToken ct)
    {
        var isError = task.Type == ExportErrors.SourceErrorFileType;
        var gatewayBase = $"{job.BaseUrl}/fhir/{source.Id}";
        // _elements the source was not asked to apply, the gateway applies (to resources, never to error lines).
        var elements = isError || part.KickOffUrl.Contains("_elements=", StringComparison.Ordinal)
            ? [] : job.Elements?.Split(',', StringSplitOptions.RemoveEmptyEntries) ?? [];
        // Nothing in the body is rewritten but meta: no URL rewriter.
        using var lines = new NdjsonLineWriter(source.Id, gatewayBase, new UrlRewriter([], gatewayBase), elements);
        // Lines of the source's file already consumed (written, dropped or blank) by earlier commits: read again, not written.
        var skip = long.Parse(task.NextUrl ?? "0", CultureInfo.InvariantCulture);
        var consumed = 0L;

        Directory.CreateDirectory(files.JobDirectory(job.Id));
        await using var file = new FileStream(files.FilePath(job.Id, task.FileName), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read, 64 * 1024);
        // Bytes past the last commit belong to lines whose commit never happened: they are read again.
        file.SetLength(task.Bytes);
        file.Position = task.Bytes;

        using var response = await client.OpenFileAsync(source, task.InitialUrl, part.RequiresAccessToken, ct);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = PipeReader.Create(await response.Content.ReadAsStreamAsync(ct), new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var sinceCommit = 0;
        var reading = false;
        try
        {
            while (true)
            {
                idle.CancelAfter(source.Timeout);
                reading = true;
                var read = await reader.ReadAsync(idle.Token);
                reading = false;
                var buffer = read.Buffer;
                while (TryReadLine(ref buffer, read.IsCompleted, out var line))
                {
                    consumed++;
                    if (consumed <= skip || IsBlank(line))
                    {
                        continue;
                    }

                    if (Accept(line, task, lines, source))
                    {
                        sinceCommit++;
                    }

                    if (sinceCommit >= options.Value.PageSize || lines.Buffered >= FlushBytes)
                    {
                        await CommitAsync(task, job.Id, owner, lines, file, consumed, sinceCommit, done: false, ct);
                        sinceCommit = 0;
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException ex) when (ex is not LeaseLostException && idle.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            throw new SourceFailedException(source.Id, $"a download of one of its $export files stalled longer than its timeout ({source.Timeout.TotalSeconds:0.###} s)", timedOut: true);
        }
        catch (IOException) when (reading && !ct.IsCancellationRequested)
        {
            // From the source's stream (a broken download). One from the local file is not the source's fault: it
            // propagates and fails the job with its reason.
            throw new SourceFailedException(source.Id, "a download of one of its $export files broke off");
        }
        catch (HttpRequestException)
        {
            throw new SourceFailedException(source.Id, "a download of one of its $export files broke off");
        }
        finally
        {
            await reader.CompleteAsync();
        }

        await CommitAsync(task, job.Id, owner, lines, file, consumed, sinceCommit, done: true, ct);
    }

    /// <summary>Stamps and buffers one line; false when it is dropped (a type the file should not hold).</summary>
    private bool Accept(ReadOnlySequence<byte> line, ExportTaskRow task, NdjsonLineWriter lines, GatewaySource source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            throw new SourceFailedException(source.Id, "a line of one of its $export files is not JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            var type = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("resourceType", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var expected = task.Type == ExportErrors.SourceErrorFileType ? nameof(OperationOutcome) : task.Type;
            if (type != expected)
            {
                // Only what the job asked for (and the token grants) reaches the client.
                logger.LogWarning("Bulk export {JobId}: source {SourceId} sent a line of an unexpected type in one of its files; dropped", task.JobId, source.Id);
                return false;
            }

            lines.Add(root);
            return true;
        }
    }

    private static bool TryReadLine(ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is { } end)
        {
            line = buffer.Slice(0, end);
            buffer = buffer.Slice(buffer.GetPosition(1, end));
            return true;
        }

        // The last line may lack its newline.
        if (completed && !buffer.IsEmpty)
        {
            line = buffer;
            buffer = buffer.Slice(buffer.End);
            return true;
        }

        line = default;
        return false;
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private async System.Threading.Tasks.Task CommitAsync(ExportTaskRow task, string jobId, string owner, NdjsonLineWriter lines, FileStream file, long consumed,
        int newLines, bool done, CancellationToken ct)
    {
        // To the disk before the commit that says these bytes exist.
        await lines.FlushAsync(file, ct);
        await file.FlushAsync(ct);
        file.Flush(flushToDisk: true);
        // The row in memory changes only once the database has: a retry after a failed commit must not count lines twice.
        var (count, bytes, next) = (task.Lines + newLines, file.Position, consumed.ToString(CultureInfo.InvariantCulture));
        await TaskProgress.SaveAsync(dbs, task.Id, jobId, owner, count, bytes, next, done, ct);
        (task.Lines, task.Bytes, task.NextUrl, task.Done) = (count, bytes, next, done);
    }

    private async System.Threading.Tasks.Task UpdateAsync(string jobId, string owner, long partId,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<ExportDelegationRow>> set, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var updated = await db.Delegations
            .Where(d => d.Id == partId && db.Jobs.Any(j => j.Id == jobId && j.LeaseOwner == owner && j.Status == ExportJobStatus.Running))
            .ExecuteUpdateAsync(set, ct);
        if (updated == 0)
        {
            throw new LeaseLostException();
        }
    }
}
