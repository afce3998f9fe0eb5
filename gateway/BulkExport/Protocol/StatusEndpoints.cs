using System.Globalization;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Lead.Gateway.BulkExport.Jobs;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Fhir;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>
/// Status, cancel, file download and the client's job list. Every one is confined to the client that started the
/// job: anyone else gets 404, as if the job did not exist.
/// </summary>
internal sealed class StatusEndpoints(
    ExportAuthorization authorization,
    IDbContextFactory<BulkExportDbContext> dbs,
    ExportUrls urls,
    ExportFiles files,
    IOptions<BulkExportOptions> options,
    TimeProvider time)
{
    public async Task StatusAsync(HttpContext context, string jobId)
    {
        await using var db = await dbs.CreateDbContextAsync(context.RequestAborted);
        var job = await FindAsync(db, context, jobId);
        if (job is null || await RefuseExpiredAsync(context, job))
        {
            return;
        }

        context.Response.Headers.CacheControl = "no-store";
        switch (job.Status)
        {
            case ExportJobStatus.Failed:
                await Outcome.WriteAsync(context, HttpStatusCode.InternalServerError, OperationOutcome.IssueType.Exception,
                    "The export failed: " + (job.Failure ?? "unknown error") + ".");
                return;
            case ExportJobStatus.Completed:
                var tasks = await db.Tasks.AsNoTracking().Where(t => t.JobId == job.Id).OrderBy(t => t.Id).ToListAsync(context.RequestAborted);
                // The error file holds the gateway's own lines and, after them, delegated sources' error files.
                var sourceErrors = tasks.Where(t => t.Type == ExportErrors.SourceErrorFileType).ToList();
                var errorCount = await db.Errors.CountAsync(e => e.JobId == job.Id, context.RequestAborted) + (int)sourceErrors.Sum(t => t.Lines);
                var problems = await db.Errors.Where(e => e.JobId == job.Id && e.SourceId != null && e.Severity == "error")
                    .Select(e => new { e.SourceId, e.Code }).Distinct().ToListAsync(context.RequestAborted);
                var states = problems.GroupBy(p => p.SourceId!).ToDictionary(
                    g => g.Key, g => g.Any(p => p.Code != ExportErrors.Incomplete) ? "failed" : "partial", StringComparer.Ordinal);
                foreach (var reported in sourceErrors.Where(t => t.Lines > 0).Select(t => t.SourceId).Distinct())
                {
                    // A delegated source that reported errors of its own delivered only part of its data.
                    states.TryAdd(reported, "partial");
                }

                var manifest = ManifestWriter.Write(job, tasks, errorCount, states, name => urls.File(context, job.Id, name));
                context.Response.StatusCode = StatusCodes.Status200OK;
                context.Response.ContentType = "application/json";
                context.Response.Headers.Expires = DateTimeOffset.FromUnixTimeMilliseconds(job.ExpiresAt).ToString("R", CultureInfo.InvariantCulture);
                await context.Response.Body.WriteAsync(manifest, context.RequestAborted);
                return;
            default:
                var all = db.Tasks.Where(t => t.JobId == job.Id);
                var total = await all.CountAsync(context.RequestAborted);
                var done = await all.CountAsync(t => t.Done, context.RequestAborted);
                var lines = await all.SumAsync(t => t.Lines, context.RequestAborted);
                context.Response.StatusCode = StatusCodes.Status202Accepted;
                context.Response.Headers["X-Progress"] = job.Status == ExportJobStatus.Queued
                    ? "planning"
                    : $"{done}/{total} searches done, {lines} resources";
                context.Response.Headers.RetryAfter = options.Value.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return;
        }
    }

    public async Task CancelAsync(HttpContext context, string jobId)
    {
        await using var db = await dbs.CreateDbContextAsync(context.RequestAborted);
        var job = await FindAsync(db, context, jobId);
        if (job is null || await RefuseExpiredAsync(context, job))
        {
            return;
        }

        // The worker sees the status when it next renews its lease, stops, and removes the files.
        await db.Jobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, ExportJobStatus.Cancelled), context.RequestAborted);
        await Outcome.WriteAsync(context, StatusCodes.Status202Accepted,
            Outcome.Create(OperationOutcome.IssueType.Informational, "Export cancelled.", OperationOutcome.IssueSeverity.Information));
    }

    public async Task FileAsync(HttpContext context, string jobId, string fileName)
    {
        await using var db = await dbs.CreateDbContextAsync(context.RequestAborted);
        var job = await FindAsync(db, context, jobId);
        if (job is null || await RefuseExpiredAsync(context, job))
        {
            return;
        }

        // Only names the job itself recorded: nothing from the URL reaches the file system unchecked.
        var known = fileName == ExportFiles.ErrorFileName || await db.Tasks.AnyAsync(t => t.JobId == job.Id && t.FileName == fileName, context.RequestAborted);
        var path = files.FilePath(job.Id, fileName);
        if (job.Status != ExportJobStatus.Completed || !known || !File.Exists(path))
        {
            await Outcome.WriteAsync(context, HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, "No such export file.");
            return;
        }

        await Results.File(path, FhirMediaTypes.Ndjson, enableRangeProcessing: true).ExecuteAsync(context);
    }

    public async Task ListAsync(HttpContext context)
    {
        var client = authorization.ClientId(context);
        await using var db = await dbs.CreateDbContextAsync(context.RequestAborted);
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.ClientId == client && j.Status != ExportJobStatus.Cancelled)
            .OrderByDescending(j => j.CreatedAt).ToListAsync(context.RequestAborted);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var body = new
        {
            jobs = jobs.Select(j => new
            {
                id = j.Id,
                status = j.ExpiresAt <= now ? ExportJobStatus.Expired : j.Status,
                request = j.RequestUrl,
                transactionTime = j.TransactionTime,
                expires = DateTimeOffset.FromUnixTimeMilliseconds(j.ExpiresAt).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                statusUrl = urls.Status(context, j.Id),
            }),
        };
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }

    /// <summary>The caller's own job, or null after answering 404 (unknown, another client's, or cancelled).</summary>
    private async Task<ExportJobRow?> FindAsync(BulkExportDbContext db, HttpContext context, string jobId)
    {
        var client = authorization.ClientId(context);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, context.RequestAborted);
        if (job is null || job.ClientId != client || job.Status == ExportJobStatus.Cancelled)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, "No such export job.");
            return null;
        }

        return job;
    }

    private async Task<bool> RefuseExpiredAsync(HttpContext context, ExportJobRow job)
    {
        if (job.Status != ExportJobStatus.Expired && job.ExpiresAt > time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return false;
        }

        await Outcome.WriteAsync(context, HttpStatusCode.Gone, OperationOutcome.IssueType.Expired, "The export and its files have expired.");
        return true;
    }
}
