using System.Globalization;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Smart;

namespace Lead.Gateway.Sandbox.BulkExport;

/// <summary>
/// FHIR Bulk Data 2.0 export on the sandbox servers, so the gateway's delegated mode runs against a real protocol:
/// <c>[base]/$export</c> and <c>[base]/Patient/$export</c> (GET, <c>Prefer: respond-async</c>, <c>_outputFormat</c>,
/// <c>_type</c>, <c>_since</c>) → 202 + <c>Content-Location</c>; status → 202 + <c>Retry-After</c> while running, then
/// the manifest; NDJSON downloads; DELETE → 202, then 404. Anything else it does not support is a 400, or ignored with
/// <c>Prefer: handling=lenient</c>. The sandbox authenticates nothing (the gateway is its only client), yet says
/// <c>requiresAccessToken: true</c> as a server behind SMART would.
/// </summary>
internal sealed class SandboxBulkExport(SandboxExportJobs jobs, ILogger<SandboxBulkExport> logger)
{
    private const string RetryAfterSeconds = "1";
    private static readonly string[] Formats = ["application/fhir+ndjson", "application/ndjson", "ndjson"];

    /// <summary>Answers the request when it is an export path; false leaves it to the other sandbox interactions.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2 || !SandboxSources.All.Any(s => s.Id == segments[0]) || !IsExportPath(segments[1..]))
        {
            return false;
        }

        try
        {
            await HandleAsync(context, segments[0], segments[1..]);
        }
        catch (SandboxException ex)
        {
            await WriteOutcomeAsync(context, ex.Status, ex.Outcome);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Sandbox export request {Method} failed", context.Request.Method);
            await WriteOutcomeAsync(context, 500, Outcomes.Error(OperationOutcome.IssueType.Exception, "The sandbox server failed to process the export request."));
        }

        return true;
    }

    private static bool IsExportPath(string[] rest) =>
        rest is ["$export"] or ["Patient", "$export"] or ["$export-status", _] or ["$export-file", _, _];

    private async Task HandleAsync(HttpContext context, string source, string[] rest)
    {
        var method = context.Request.Method;
        var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}/{source}";
        switch (rest)
        {
            case ["$export"] or ["Patient", "$export"] when method == "GET":
                KickOff(context, source, baseUrl, rest.Length == 2);
                return;
            case ["$export"] or ["Patient", "$export"]:
                throw NotAllowed(context, "GET");
            case ["$export-status", var id] when method == "GET":
                await StatusAsync(context, source, baseUrl, id);
                return;
            case ["$export-status", var id] when method == "DELETE":
                if (!await jobs.DeleteAsync(source, id))
                {
                    throw NotFound();
                }

                await WriteOutcomeAsync(context, 202, Outcomes.Information("Export deleted."));
                return;
            case ["$export-status", _]:
                throw NotAllowed(context, "GET, DELETE");
            case ["$export-file", var id, var name] when method == "GET":
                var path = jobs.FilePath(source, id, name) ?? throw new SandboxException(404, OperationOutcome.IssueType.NotFound, "No such export file.");
                await Results.File(path, "application/fhir+ndjson", enableRangeProcessing: true).ExecuteAsync(context);
                return;
            default:
                throw NotAllowed(context, "GET");
        }
    }

    private void KickOff(HttpContext context, string source, string baseUrl, bool patientLevel)
    {
        var prefer = context.Request.Headers["Prefer"].ToString();
        if (!prefer.Contains("respond-async", StringComparison.OrdinalIgnoreCase))
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Invalid, "$export needs the header 'Prefer: respond-async'.");
        }

        var lenient = prefer.Contains("handling=lenient", StringComparison.OrdinalIgnoreCase);
        var types = new List<string>();
        var since = 0L;
        foreach (var (name, values) in context.Request.Query)
        {
            foreach (var value in values.Select(v => v ?? ""))
            {
                switch (name)
                {
                    case "_outputFormat" when Formats.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase):
                        break;
                    case "_type":
                        foreach (var type in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            types.Add(ModelInfo.IsKnownResource(type)
                                ? type
                                : throw new SandboxException(400, OperationOutcome.IssueType.NotSupported, $"_type '{Clip(type)}' is not a FHIR R4 resource type."));
                        }

                        break;
                    case "_since":
                        since = DateTimeOffset.TryParse(value.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && value.Length >= 10
                            ? instant.UtcTicks
                            : throw new SandboxException(400, OperationOutcome.IssueType.Invalid, $"_since '{Clip(value)}' is not a FHIR instant.");
                        break;
                    default:
                        if (!lenient)
                        {
                            throw new SandboxException(400, OperationOutcome.IssueType.NotSupported,
                                $"Parameter '{Clip(name)}' (or its value) is not supported by this server's $export. Send 'Prefer: handling=lenient' to have it ignored.");
                        }

                        break;
                }
            }
        }

        var selected = (types.Count > 0 ? types : [.. ModelInfo.SupportedResources]).Distinct(StringComparer.Ordinal)
            // Patient level: the patient compartment's types only.
            .Where(type => !patientLevel || PatientSearchParameters.For(type) is not null)
            .Order(StringComparer.Ordinal).ToList();
        var request = new SandboxExportJobs.Request(patientLevel ? "patient" : "system", selected, since,
            baseUrl + (patientLevel ? "/Patient/$export" : "/$export") + context.Request.QueryString,
            jobs.Now.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        var id = jobs.Start(source, request);
        context.Response.StatusCode = 202;
        context.Response.Headers.ContentLocation = $"{baseUrl}/$export-status/{id}";
    }

    private async Task StatusAsync(HttpContext context, string source, string baseUrl, string id)
    {
        context.Response.Headers.CacheControl = "no-store";
        switch (jobs.Poll(source, id, out var files))
        {
            case SandboxExportJobs.State.Missing:
                throw NotFound();
            case SandboxExportJobs.State.Failed:
                throw new SandboxException(500, OperationOutcome.IssueType.Exception, "The export failed.");
            case SandboxExportJobs.State.Running:
                context.Response.StatusCode = 202;
                context.Response.Headers.RetryAfter = RetryAfterSeconds;
                context.Response.Headers["X-Progress"] = "in progress";
                return;
        }

        var request = jobs.ReadRequest(source, id) ?? throw NotFound();
        var manifest = new
        {
            transactionTime = request.TransactionTime,
            // The request as it was made; file URLs are built from this request's base (the server may have moved).
            request = request.RequestUrl,
            requiresAccessToken = true,
            output = files.Select(f => new { type = f.Type, url = $"{baseUrl}/$export-file/{id}/{f.Name}", count = f.Count }),
            error = Array.Empty<object>(),
        };
        context.Response.StatusCode = 200;
        await context.Response.WriteAsJsonAsync(manifest, context.RequestAborted);
    }

    private static SandboxException NotFound() => new(404, OperationOutcome.IssueType.NotFound, "No such export job.");

    private static SandboxException NotAllowed(HttpContext context, string allow)
    {
        context.Response.Headers.Allow = allow;
        return new SandboxException(405, OperationOutcome.IssueType.NotSupported, $"Method not allowed here; allowed: {allow}.");
    }

    private static async Task WriteOutcomeAsync(HttpContext context, int status, OperationOutcome outcome)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/fhir+json; charset=utf-8";
        await context.Response.WriteAsync(FhirJson.Serialize(outcome), context.RequestAborted);
    }

    /// <summary>Values are echoed in messages, never logged; keep them short.</summary>
    private static string Clip(string value) => value.Length > 80 ? value[..80] + "…" : value;
}
