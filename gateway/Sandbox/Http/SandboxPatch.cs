using System.Globalization;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir.Patch;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>
/// PATCH <c>[type]/[id]</c> with a JSON Patch (RFC 6902): the current version is read, patched (all operations or none),
/// parsed strictly as FHIR and stored as a new version (history kept), conditional on the version read so a concurrent
/// change is never overwritten. If-Match is honoured (412). FHIRPath Patch (a Parameters body) is not supported (415).
/// </summary>
internal sealed class SandboxPatch(SandboxStore store)
{
    public async Task<FhirResult> ExecuteAsync(FhirRequest request, HttpRequest http, CancellationToken ct)
    {
        var s = request.Segments;
        if (s.Count != 2 || s[1].StartsWith('_') || s[1].StartsWith('$'))
        {
            return FhirResult.Error(405, OperationOutcome.IssueType.NotSupported, "PATCH is allowed on [type]/[id] only.");
        }

        var (type, id) = (s[0], s[1]);
        if (!ModelInfo.IsKnownResource(type))
        {
            return FhirResult.Error(404, OperationOutcome.IssueType.NotSupported, $"'{type}' is not a FHIR R4 resource type this server knows.");
        }

        if (!JsonPatchApplier.IsJsonPatch(http.ContentType))
        {
            return FhirResult.Error(415, OperationOutcome.IssueType.NotSupported,
                $"PATCH accepts {JsonPatchApplier.MediaType} (RFC 6902); '{http.ContentType ?? "(none)"}' is not supported here (no FHIRPath Patch).");
        }

        var patch = await ReadAsync(http, ct);
        var ifMatch = ParseIfMatch(request.IfMatch);
        var current = await store.ReadAsync(request.Source, type, id, ct);
        if (current is null or { Deleted: true })
        {
            return FhirResult.Error(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known; PATCH does not create.");
        }

        if (ifMatch is int expected && expected != current.VersionId)
        {
            return FhirResult.Error(412, OperationOutcome.IssueType.Conflict,
                $"If-Match {request.IfMatch} does not match the current version of {type}/{id} ({current.ETag}).", "If-Match") with { ETag = current.ETag };
        }

        Resource patched;
        try
        {
            var result = JsonPatchApplier.Apply((JsonObject)JsonNode.Parse(current.Json!)!, patch);
            patched = FhirJson.Parse(result.ToJsonString());
        }
        catch (JsonPatchFailure ex)
        {
            return FhirResult.Error(ex.Status, ex.Status == 400 ? OperationOutcome.IssueType.Structure : OperationOutcome.IssueType.Processing, ex.Message, ex.Expression);
        }
        catch (SandboxException ex) when (ex.Status == 400)
        {
            // The patch applied but its result is not a FHIR resource (a bad value, an unknown element): unprocessable.
            return FhirResult.Error(new SandboxException(422, ex.Outcome));
        }

        try
        {
            var written = await store.UpdateAsync(request.Source, patched, current.VersionId, ct);
            return FhirResult.Resource(200, request.BaseUrl, written.Resource!, request.Return)
                with { Location = $"{request.BaseUrl}/{type}/{id}/_history/{written.Resource!.VersionId}" };
        }
        catch (SandboxException ex) when (ex.Status == 412 && ifMatch is null)
        {
            return FhirResult.Error(409, OperationOutcome.IssueType.Conflict, $"{type}/{id} changed while the patch was applied; retry it.");
        }
    }

    private static async Task<byte[]> ReadAsync(HttpRequest http, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, ct);
        return buffer.Length == 0
            ? throw new SandboxException(400, OperationOutcome.IssueType.Required, "The PATCH has no body; a JSON Patch document is required.")
            : buffer.ToArray();
    }

    private static int? ParseIfMatch(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim();
        value = value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value;
        return int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new SandboxException(400, OperationOutcome.IssueType.Invalid, $"If-Match '{header}' is not a version ETag like W/\"3\".", "If-Match");
    }
}
