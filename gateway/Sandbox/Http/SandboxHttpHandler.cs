using System.Globalization;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Eligibility;
using Lead.Gateway.Sandbox.Fhir;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>
/// The sandbox servers' only endpoint: turns an HTTP request into a <see cref="FhirRequest"/> and the result back.
/// A hand-written dispatcher rather than routing: the read path is benchmarked, and every miss must be an OperationOutcome.
/// </summary>
internal sealed class SandboxHttpHandler(
    SandboxOperations operations, BundleProcessor bundles, SandboxPatch patches, ILogger<SandboxHttpHandler> logger, SandboxEligibility? eligibility = null,
    BulkExport.SandboxBulkExport? exports = null)
{
    private const string FhirJsonContentType = "application/fhir+json; charset=utf-8";

    public async Task HandleAsync(HttpContext context)
    {
        // Bulk Data $export (async, NDJSON) answers on its own: see gateway/Sandbox/BulkExport.
        if (exports is not null && await exports.TryHandleAsync(context))
        {
            return;
        }

        FhirResult result;
        try
        {
            result = await DispatchAsync(context);
        }
        catch (SandboxException ex)
        {
            result = FhirResult.Error(ex);
        }
        catch (DbUpdateException ex)
        {
            logger.LogWarning(ex, "Sandbox write conflict");
            result = FhirResult.Error(409, OperationOutcome.IssueType.Conflict, "The write conflicted with a concurrent change; retry it.");
        }
        catch (BadHttpRequestException ex)
        {
            result = FhirResult.Error(ex.StatusCode, OperationOutcome.IssueType.Invalid, ex.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // Never a stack trace to the client: the log has it.
            logger.LogError(ex, "Sandbox request {Method} {Path} failed", context.Request.Method, context.Request.Path);
            result = FhirResult.Error(500, OperationOutcome.IssueType.Exception, "The sandbox server failed to process the request.");
        }

        await WriteAsync(context, result);
    }

    private async Task<FhirResult> DispatchAsync(HttpContext context)
    {
        var http = context.Request;
        var segments = (http.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !SandboxSources.All.Any(s => s.Id == segments[0]))
        {
            return FhirResult.Error(404, OperationOutcome.IssueType.NotFound,
                $"No sandbox source here. Sources: {string.Join(", ", SandboxSources.All.Select(s => s.Id))}.");
        }

        var source = segments[0];
        var rest = segments[1..];
        var query = new List<KeyValuePair<string, string>>();
        Append(query, http.Query);
        Resource? body = null;
        var isSearch = http.Method == "POST" && rest.Length == 2 && rest[1] == "_search";
        if (isSearch)
        {
            if (http.HasFormContentType)
            {
                Append(query, await http.ReadFormAsync(context.RequestAborted));
            }
            else if (http.ContentLength > 0 || http.ContentType is not null)
            {
                // An empty POST _search (parameters in the URL only) is fine; any other body is not a search.
                throw new SandboxException(415, OperationOutcome.IssueType.NotSupported, "POST _search expects application/x-www-form-urlencoded.");
            }
        }
        else if (http.Method is "POST" or "PUT")
        {
            body = await ReadBodyAsync(http, context.RequestAborted);
        }

        var prefer = http.Headers["Prefer"].ToString();
        var request = new FhirRequest
        {
            Method = http.Method,
            Source = source,
            BaseUrl = $"{http.Scheme}://{http.Host}{http.PathBase}/{source}",
            Segments = rest,
            Query = query,
            Body = body,
            IfMatch = http.Headers.IfMatch.ToString(),
            IfNoneExist = http.Headers["If-None-Exist"].ToString(),
            Return = prefer.Contains("return=minimal", StringComparison.OrdinalIgnoreCase) ? PreferReturn.Minimal
                : prefer.Contains("return=OperationOutcome", StringComparison.OrdinalIgnoreCase) ? PreferReturn.OperationOutcome
                : PreferReturn.Representation,
            StrictHandling = prefer.Contains("handling=strict", StringComparison.OrdinalIgnoreCase),
        };
        if (HttpMethods.IsPatch(http.Method))
        {
            return await patches.ExecuteAsync(request, http, context.RequestAborted);
        }

        if (eligibility is not null && SandboxEligibility.Handles(request))
        {
            // Eligibility is an operation a payer answers (270/271), not a create: see gateway/Sandbox/Eligibility.
            return await eligibility.ExecuteAsync(request, context.RequestAborted);
        }

        return rest.Length == 0 && http.Method == "POST"
            ? await bundles.ExecuteAsync(request, context.RequestAborted)
            : await operations.ExecuteAsync(request, null, context.RequestAborted);
    }

    private static async Task<Resource> ReadBodyAsync(HttpRequest http, CancellationToken ct)
    {
        var contentType = http.ContentType;
        if (contentType is not null && MediaTypeHeaderValue.TryParse(contentType, out var media)
            && media.MediaType.Value is not ("application/fhir+json" or "application/json" or "application/json+fhir"))
        {
            throw new SandboxException(415, OperationOutcome.IssueType.NotSupported,
                $"Content-Type '{media.MediaType}' is not supported; send application/fhir+json.");
        }

        using var reader = new StreamReader(http.Body);
        var text = await reader.ReadToEndAsync(ct);
        return string.IsNullOrWhiteSpace(text)
            ? throw new SandboxException(400, OperationOutcome.IssueType.Required, "The request has no body; a FHIR resource is required.")
            : FhirJson.Parse(text);
    }

    private static void Append(List<KeyValuePair<string, string>> into, IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        foreach (var (key, value) in values)
        {
            foreach (var single in value)
            {
                into.Add(new(key, single ?? ""));
            }
        }
    }

    private static async Task WriteAsync(HttpContext context, FhirResult result)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = result.Status;
        var headers = response.Headers;
        if (result.Location is not null)
        {
            headers.Location = result.Location;
            headers.ContentLocation = result.Location;
        }

        if (result.ETag is not null)
        {
            headers.ETag = result.ETag;
        }

        if (result.LastModified is { } modified)
        {
            headers.LastModified = modified.ToString("r", CultureInfo.InvariantCulture);
        }

        if (result.Allow is not null)
        {
            headers.Allow = result.Allow;
        }

        if (result.Page is { } page)
        {
            response.ContentType = FhirJsonContentType;
            await page.WriteAsync(response.BodyWriter, context.RequestAborted);
            return;
        }

        if (result.Json is null)
        {
            return;
        }

        response.ContentType = FhirJsonContentType;
        await response.WriteAsync(result.Json, context.RequestAborted);
    }
}
