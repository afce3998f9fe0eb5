using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>The answer to a <see cref="FhirRequest"/>: status, JSON body (already serialized) and the headers FHIR defines.</summary>
internal sealed record FhirResult(int Status, string? Json)
{
    /// <summary>A search page, streamed to the client instead of <see cref="Json"/>.</summary>
    public BundleJson.SearchsetPage? Page { get; init; }

    /// <summary>The body as a string, whichever way it is held (for batch responses, which embed it).</summary>
    public string? Body => Json ?? Page?.ToJson();

    public string? Location { get; init; }

    /// <summary>Absolute URL of the resource without version, used as a Bundle entry's fullUrl.</summary>
    public string? ResourceUrl { get; init; }

    public string? ETag { get; init; }

    public DateTimeOffset? LastModified { get; init; }

    public string? Allow { get; init; }

    /// <summary>True when <see cref="Json"/> is an OperationOutcome (an error, or Prefer: return=OperationOutcome).</summary>
    public bool IsOutcome { get; init; }

    public static FhirResult Searchset(BundleJson.SearchsetPage page) => new(200, null) { Page = page };

    public static FhirResult Error(SandboxException ex) => new(ex.Status, FhirJson.Serialize(ex.Outcome)) { IsOutcome = true };

    public static FhirResult Error(int status, OperationOutcome.IssueType code, string message, string? expression = null) =>
        Error(new SandboxException(status, code, message, expression));

    public static FhirResult Resource(int status, string baseUrl, StoredResource stored, PreferReturn preference, string? message = null)
    {
        var url = $"{baseUrl}/{stored.Type}/{stored.Id}";
        var json = preference switch
        {
            PreferReturn.Minimal => null,
            PreferReturn.OperationOutcome => FhirJson.Serialize(Outcomes.Information(message ?? $"{stored.Type}/{stored.Id} version {stored.VersionId}.")),
            _ => stored.Json,
        };
        return new FhirResult(status, json)
        {
            ResourceUrl = url,
            ETag = stored.ETag,
            LastModified = stored.LastUpdated,
            IsOutcome = preference == PreferReturn.OperationOutcome,
        };
    }
}
