using System.Text;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir;
using Lead.Gateway.Fhir.Patch;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Lead.Profiles.Parsing;

namespace Lead.Gateway.Validation;

/// <summary>
/// PATCH on ingress: the current version is read from the source (gateway credentials), the JSON Patch applied to it and
/// the result validated exactly as a PUT of it would be. What was validated is what commits: the PATCH is forwarded with
/// <c>If-Match</c> on the version read (added when the client sent none; a client's If-Match naming another version is
/// refused with 412 here), so a concurrent change makes the source answer 412 instead of taking an unvalidated write.
/// A patch the gateway cannot validate (FHIRPath Patch, conditional PATCH) is refused in enforce and reported in warn.
/// </summary>
internal sealed class PatchValidation(
    LeadValidatorProvider provider, ValidationPolicy policy, FhirRequestParser parser, SourceRegistry registry, UpstreamResourceReader reader)
{
    /// <summary>True when the PATCH may go upstream (headers possibly added); false when a refusal was written.</summary>
    public async Task<bool> CheckAsync(HttpContext context, string sourceId, string relativePath)
    {
        var segments = relativePath.Split('?', 2)[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || !ModelInfo.IsKnownResource(segments[0]))
        {
            return true;
        }

        var type = segments[0];
        var mode = policy.Mode(sourceId, type);
        if (mode is not ("enforce" or "warn"))
        {
            return true;
        }

        if (segments.Length != 2 || segments[1].StartsWith('$') || segments[1].StartsWith('_'))
        {
            return await CannotValidateAsync(context, mode, 400, $"Only PATCH {type}/[id] can be validated by the gateway (no conditional PATCH).");
        }

        var id = segments[1];
        var body = context.Features.Get<BufferedRequestBody>();
        if (body is null)
        {
            return true; // no body: the source refuses it, nothing would be written
        }

        if (!JsonPatchApplier.IsJsonPatch(body.ContentType))
        {
            return await CannotValidateAsync(context, mode, 415, $"Only JSON Patch ({JsonPatchApplier.MediaType}) can be validated by the gateway; FHIRPath Patch cannot.");
        }

        var current = registry.Find(sourceId) is { } source
            ? await reader.ReadAsync(source, type, id, context.TraceIdentifier, context.RequestAborted)
            : UpstreamResource.Unreadable;
        if (current.Status is 404 or 410)
        {
            return true; // nothing to patch: the source answers
        }

        if (current.Resource is null || current.VersionId is null)
        {
            return await CannotValidateAsync(context, mode, 502, $"The current version of {type}/{id} could not be read from the source to validate the patch.");
        }

        var clientIfMatch = context.Request.Headers.IfMatch.ToString();
        if (clientIfMatch.Length > 0 && Version(clientIfMatch) != current.VersionId)
        {
            await Outcome.WriteAsync(context, System.Net.HttpStatusCode.PreconditionFailed, OperationOutcome.IssueType.Conflict,
                $"If-Match {clientIfMatch} does not name the current version of {type}/{id} (W/\"{current.VersionId}\").", "If-Match");
            return false;
        }

        byte[] patched;
        try
        {
            patched = Encoding.UTF8.GetBytes(JsonPatchApplier.Apply(current.Resource, body.Bytes).ToJsonString());
        }
        catch (JsonPatchFailure ex)
        {
            var code = ex.Status == 400 ? OperationOutcome.IssueType.Structure : OperationOutcome.IssueType.Processing;
            await Outcome.WriteAsync(context, (System.Net.HttpStatusCode)ex.Status, code, ex.Message, ex.Expression);
            return false;
        }

        var parsed = parser.Parse(patched, FhirMediaTypes.Json);
        var outcome = parsed.Resource is null ? parsed.Outcome : provider.Validator.Validate(parsed.Resource, policy.RequiredProfiles(sourceId, type));
        if (parsed.Resource is not null)
        {
            outcome.Issue.InsertRange(0, parsed.Outcome.Issue);
        }

        if (!await IngressValidationMiddleware.ForwardAsync(context, outcome, mode))
        {
            return false;
        }

        if (clientIfMatch.Length == 0)
        {
            context.Request.Headers.IfMatch = $"W/\"{current.VersionId}\"";
        }

        return true;
    }

    private static async Task<bool> CannotValidateAsync(HttpContext context, string mode, int status, string message)
    {
        if (mode == "enforce")
        {
            await Outcome.WriteAsync(context, (System.Net.HttpStatusCode)status,
                status == 502 ? OperationOutcome.IssueType.Transient : OperationOutcome.IssueType.NotSupported, message + " Validation is enforced for this source and type.");
            return false;
        }

        IngressValidationMiddleware.ReportInHeader(context, Outcome.Create(OperationOutcome.IssueType.NotSupported, message + " The patch was forwarded unvalidated.", OperationOutcome.IssueSeverity.Warning));
        return true;
    }

    private static string Version(string etag)
    {
        var value = etag.Trim();
        value = value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value;
        return value.Trim('"');
    }
}
