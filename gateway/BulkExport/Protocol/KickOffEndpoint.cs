using System.Globalization;
using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Lead.Gateway.BulkExport.Jobs;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>
/// <c>$export</c> kick-off: validates, authorizes, refuses a duplicate running job (429), stores the job and answers
/// 202 with the status URL. The work itself is planned and run by <see cref="ExportWorker"/>.
/// </summary>
internal sealed class KickOffEndpoint(
    ExportAuthorization authorization,
    IDbContextFactory<BulkExportDbContext> dbs,
    ExportUrls urls,
    PublicUrls publicUrls,
    GroupLocator groups,
    ExportSignal signal,
    SourceRegistry registry,
    IOptions<BulkExportOptions> options,
    TimeProvider time,
    ILogger<KickOffEndpoint> logger)
{
    public async Task HandleAsync(HttpContext context, string level, string? sourceId, string? groupId)
    {
        try
        {
            await KickOffAsync(context, new ExportRequest(level, sourceId, groupId));
        }
        catch (ExportRequestException ex)
        {
            context.Response.Clear();
            if (ex.RetryAfter is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            }

            await Outcome.WriteAsync(context, (int)ex.Status, Outcome.Create(ex.Code, ex.Message), keepHeaders: true);
        }
    }

    private async Task KickOffAsync(HttpContext context, ExportRequest target)
    {
        if (target.SourceId is not null && registry.Find(target.SourceId) is null)
        {
            throw new ExportRequestException(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, $"Unknown source '{target.SourceId}'.");
        }

        if (!PreferHeader.RespondAsync(context.Request))
        {
            throw new ExportRequestException(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Required, "$export is asynchronous: send 'Prefer: respond-async'.");
        }

        var parameters = await ExportParameters.ReadAsync(context.Request, context.RequestAborted);
        var request = ExportRequestParser.Parse(target, parameters, HttpMethods.IsPost(context.Request.Method), PreferHeader.Lenient(context.Request));
        var grant = authorization.Authorize(context, request);
        string? groupSource = null;
        if (request.GroupId is { } groupId)
        {
            groupSource = await groups.FindAsync(grant.Sources, groupId, context.RequestAborted)
                ?? throw new ExportRequestException(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, $"No source of this export holds Group/{groupId}.");
        }

        var key = RequestKey.Compute(request, grant);
        var now = time.GetUtcNow();
        await using var db = await dbs.CreateDbContextAsync(context.RequestAborted);
        var nowMs = now.ToUnixTimeMilliseconds();
        var running = await db.Jobs.AnyAsync(j => j.ClientId == grant.ClientId && j.RequestKey == key
            && (j.Status == ExportJobStatus.Queued || j.Status == ExportJobStatus.Running) && j.ExpiresAt > nowMs, context.RequestAborted);
        if (running)
        {
            throw new ExportRequestException(HttpStatusCode.TooManyRequests, OperationOutcome.IssueType.Throttled,
                "The same export by this client is still running; poll its status URL or wait for it to finish.")
            {
                RetryAfter = options.Value.RetryAfterSeconds,
            };
        }

        var job = new ExportJobRow
        {
            Id = Guid.NewGuid().ToString("N"),
            ClientId = grant.ClientId,
            RequestKey = key,
            RequestUrl = publicUrls.GatewayBase(context) + context.Request.Path + context.Request.QueryString,
            BaseUrl = publicUrls.GatewayBase(context),
            Level = request.Level,
            GroupId = request.GroupId,
            GroupSource = groupSource,
            Since = request.SinceText,
            Types = string.Join(',', grant.Types),
            TypeFilters = JsonSerializer.Serialize(grant.TypeFilters),
            Patients = JsonSerializer.Serialize(request.Patients),
            Elements = request.Elements.Count == 0 ? null : string.Join(',', request.Elements),
            Sources = string.Join(',', grant.Sources),
            Status = ExportJobStatus.Queued,
            TransactionTime = now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            CreatedAt = nowMs,
            ExpiresAt = (now + options.Value.Retention).ToUnixTimeMilliseconds(),
        };
        db.Jobs.Add(job);
        db.Errors.AddRange(request.Ignored.Select(message => new ExportErrorRow
        {
            JobId = job.Id, Severity = "warning", Code = "not-supported", Message = "Ignored (Prefer: handling=lenient): " + message,
        }));
        await db.SaveChangesAsync(context.RequestAborted);
        signal.Notify();
        logger.LogInformation("Bulk export {JobId} accepted: {Level} level, {Sources} source(s), {Types} type(s)", job.Id, job.Level, grant.Sources.Count, grant.Types.Count);

        context.Response.StatusCode = StatusCodes.Status202Accepted;
        context.Response.Headers.ContentLocation = urls.Status(context, job.Id);
        await Outcome.WriteAsync(context, StatusCodes.Status202Accepted,
            Outcome.Create(OperationOutcome.IssueType.Informational, "Export accepted; poll the Content-Location URL.", OperationOutcome.IssueSeverity.Information),
            keepHeaders: true);
    }
}
