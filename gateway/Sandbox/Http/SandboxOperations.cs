using System.Globalization;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Search;
using Lead.Gateway.Sandbox.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>The FHIR REST interactions over <see cref="SandboxStore"/>: routing by path and method, status codes, headers.</summary>
internal sealed class SandboxOperations(SandboxStore store, IOptions<SandboxOptions> options)
{
    /// <summary>Runs one interaction. Writes go through <paramref name="uow"/> when given (transaction Bundles), else commit alone.</summary>
    public async Task<FhirResult> ExecuteAsync(FhirRequest request, SandboxUnitOfWork? uow, CancellationToken ct)
    {
        var s = request.Segments;
        if (s.Count == 1 && s[0] == "metadata")
        {
            return request.Method == "GET"
                ? new FhirResult(200, CapabilityStatementJson.Write(request.BaseUrl, request.Source))
                : NotAllowed("GET");
        }

        if (s.Count == 0)
        {
            return NotAllowed("POST");
        }

        var type = s[0];
        if (!ModelInfo.IsKnownResource(type))
        {
            return FhirResult.Error(404, OperationOutcome.IssueType.NotSupported, $"'{type}' is not a FHIR R4 resource type this server knows.");
        }

        return (s.Count, request.Method) switch
        {
            (1, "GET") => await SearchAsync(request, type, ct),
            (1, "POST") => await CreateAsync(request, type, uow, ct),
            (1, _) => NotAllowed("GET, POST"),
            (2, "GET" or "POST") when s[1] == "_search" => await SearchAsync(request, type, ct),
            (2, _) when s[1] == "_search" => NotAllowed("GET, POST"),
            (2, "GET") when s[1] == "_history" => await TypeHistoryAsync(request, type, ct),
            (2, _) when s[1] == "_history" => NotAllowed("GET"),
            (2, "GET") => await ReadAsync(request, type, s[1], ct),
            (2, "PUT") => await UpdateAsync(request, type, s[1], uow, ct),
            (2, "DELETE") => await DeleteAsync(request, type, s[1], uow, ct),
            (2, _) => NotAllowed("GET, PUT, DELETE"),
            (3, "GET") when s[2] == "_history" => await HistoryAsync(request, type, s[1], ct),
            (4, "GET") when s[2] == "_history" => await VReadAsync(request, type, s[1], s[3], ct),
            (3 or 4, _) when s[2] == "_history" => NotAllowed("GET"),
            _ => FhirResult.Error(404, OperationOutcome.IssueType.NotFound, $"No FHIR interaction at '{string.Join('/', s)}'."),
        };
    }

    private async Task<FhirResult> ReadAsync(FhirRequest request, string type, string id, CancellationToken ct)
    {
        var stored = await store.ReadAsync(request.Source, type, id, ct);
        return stored switch
        {
            null => FhirResult.Error(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known."),
            { Deleted: true } => FhirResult.Error(410, OperationOutcome.IssueType.Deleted, $"{type}/{id} was deleted (version {stored.VersionId}).") with { ETag = stored.ETag },
            _ => FhirResult.Resource(200, request.BaseUrl, stored, PreferReturn.Representation),
        };
    }

    private async Task<FhirResult> VReadAsync(FhirRequest request, string type, string id, string version, CancellationToken ct)
    {
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var versionId))
        {
            return FhirResult.Error(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} has no version '{version}'.");
        }

        var stored = await store.VReadAsync(request.Source, type, id, versionId, ct);
        return stored switch
        {
            null => FhirResult.Error(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} has no version {versionId}."),
            { Deleted: true } => FhirResult.Error(410, OperationOutcome.IssueType.Deleted, $"Version {versionId} of {type}/{id} is a deletion."),
            _ => FhirResult.Resource(200, request.BaseUrl, stored, PreferReturn.Representation),
        };
    }

    private async Task<FhirResult> HistoryAsync(FhirRequest request, string type, string id, CancellationToken ct)
    {
        var versions = await store.HistoryAsync(request.Source, type, id, ct);
        return versions.Count == 0
            ? FhirResult.Error(404, OperationOutcome.IssueType.NotFound, $"{type}/{id} is not known.")
            : new FhirResult(200, BundleJson.History(request.BaseUrl, $"{request.BaseUrl}/{type}/{id}/_history", versions));
    }

    private async Task<FhirResult> TypeHistoryAsync(FhirRequest request, string type, CancellationToken ct)
    {
        DateTimeOffset? since = null;
        var count = options.Value.DefaultPageSize;
        foreach (var (name, value) in request.Query)
        {
            if (name == "_since")
            {
                since = DateTimeOffset.TryParse(value.Replace(' ', '+'), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new SandboxException(400, OperationOutcome.IssueType.Invalid, $"_since '{value}' is not an instant.", "_since");
            }
            else if (name == "_count" && int.TryParse(value, out var requested) && requested > 0)
            {
                count = Math.Min(requested, options.Value.MaxPageSize);
            }
        }

        var versions = await store.TypeHistoryAsync(request.Source, type, since, count, ct);
        return new FhirResult(200, BundleJson.History(request.BaseUrl, $"{request.BaseUrl}/{type}/_history", versions));
    }

    private async Task<FhirResult> SearchAsync(FhirRequest request, string type, CancellationToken ct)
    {
        var sandbox = options.Value;
        var search = SearchRequest.Parse(type, request.Query, sandbox.DefaultPageSize, sandbox.MaxPageSize);
        if (request.StrictHandling && search.Unknown.Count > 0)
        {
            return FhirResult.Error(400, OperationOutcome.IssueType.NotSupported,
                $"Unknown or unsupported search parameter(s) for {type}: {string.Join(", ", search.Unknown)}.", search.Unknown[0]);
        }

        var result = await store.SearchAsync(request.Source, type, search, ct);
        var links = new List<(string, string)> { ("self", PageUrl(request.BaseUrl, type, search, search.Offset)) };
        if (!search.SummaryCount && search.Count > 0)
        {
            links.Add(("first", PageUrl(request.BaseUrl, type, search, 0)));
            if (search.Offset > 0)
            {
                links.Add(("previous", PageUrl(request.BaseUrl, type, search, Math.Max(0, search.Offset - search.Count))));
            }

            if (search.Offset + search.Count < result.Total)
            {
                links.Add(("next", PageUrl(request.BaseUrl, type, search, search.Offset + search.Count)));
            }
        }

        return FhirResult.Searchset(BundleJson.Searchset(request.BaseUrl, result.Total, links, result.Matches, result.Included, search.SummaryCount));
    }

    private async Task<FhirResult> CreateAsync(FhirRequest request, string type, SandboxUnitOfWork? uow, CancellationToken ct)
    {
        var resource = Body(request, type);
        var result = uow is null
            ? await store.CreateAsync(request.Source, resource, request.IfNoneExist, ct)
            : await uow.CreateAsync(request.Source, resource, request.IfNoneExist, request.AssignedId, ct);
        var stored = result.Resource!;
        return result.Kind == WriteKind.Existing
            ? FhirResult.Resource(200, request.BaseUrl, stored, request.Return, $"If-None-Exist matched {stored.Type}/{stored.Id}: nothing created.")
            : Created(request, stored);
    }

    private async Task<FhirResult> UpdateAsync(FhirRequest request, string type, string id, SandboxUnitOfWork? uow, CancellationToken ct)
    {
        var resource = Body(request, type);
        if (resource.Id is null)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Required, $"An update needs the id in the body; the URL says '{id}'.", $"{type}.id");
        }

        if (resource.Id != id)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Invalid, $"The body's id '{resource.Id}' does not match the URL's id '{id}'.", $"{type}.id");
        }

        var ifMatch = ParseIfMatch(request.IfMatch);
        var result = uow is null
            ? await store.UpdateAsync(request.Source, resource, ifMatch, ct)
            : await uow.UpdateAsync(request.Source, resource, ifMatch, ct);
        return result.Kind == WriteKind.Created
            ? Created(request, result.Resource!)
            : FhirResult.Resource(200, request.BaseUrl, result.Resource!, request.Return) with { Location = VersionUrl(request, result.Resource!) };
    }

    private async Task<FhirResult> DeleteAsync(FhirRequest request, string type, string id, SandboxUnitOfWork? uow, CancellationToken ct)
    {
        var result = uow is null
            ? await store.DeleteAsync(request.Source, type, id, ct)
            : await uow.DeleteAsync(request.Source, type, id, ct);
        var message = result.Kind == WriteKind.Deleted ? $"Deleted {type}/{id}." : $"{type}/{id} did not exist or was already deleted: nothing to do.";
        return request.Return == PreferReturn.OperationOutcome
            ? new FhirResult(200, FhirJson.Serialize(Outcomes.Information(message))) { IsOutcome = true, ETag = result.Resource?.ETag }
            : new FhirResult(204, null) { ETag = result.Resource?.ETag };
    }

    private static FhirResult Created(FhirRequest request, StoredResource stored) =>
        FhirResult.Resource(201, request.BaseUrl, stored, request.Return, $"Created {stored.Type}/{stored.Id} version {stored.VersionId}.")
            with { Location = VersionUrl(request, stored) };

    private static string VersionUrl(FhirRequest request, StoredResource stored) =>
        $"{request.BaseUrl}/{stored.Type}/{stored.Id}/_history/{stored.VersionId}";

    private static Resource Body(FhirRequest request, string type)
    {
        var resource = request.Body
            ?? throw new SandboxException(400, OperationOutcome.IssueType.Required, $"A {type} resource body is required.");
        return resource.TypeName == type
            ? resource
            : throw new SandboxException(400, OperationOutcome.IssueType.Invalid,
                $"The body is a {resource.TypeName} but the URL says {type}.", "resourceType");
    }

    /// <summary><c>W/"3"</c>, <c>"3"</c> or <c>3</c>.</summary>
    private static int? ParseIfMatch(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var value = header.Trim();
        if (value.StartsWith("W/", StringComparison.Ordinal))
        {
            value = value[2..];
        }

        return int.TryParse(value.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            ? version
            : throw new SandboxException(400, OperationOutcome.IssueType.Invalid, $"If-Match '{header}' is not a version ETag like W/\"3\".", "If-Match");
    }

    private static string PageUrl(string baseUrl, string type, SearchRequest search, int offset)
    {
        var parameters = search.Recognized
            .Append(new("_count", search.Count.ToString(CultureInfo.InvariantCulture)))
            .Append(new("_offset", offset.ToString(CultureInfo.InvariantCulture)))
            .Select(p => $"{Escape(p.Key)}={Escape(p.Value)}");
        return $"{baseUrl}/{type}?{string.Join('&', parameters)}";
    }

    // ':' and ',' are legal in a query (RFC 3986) and FHIR links read better with them as they are.
    private static string Escape(string value) =>
        Uri.EscapeDataString(value).Replace("%3A", ":", StringComparison.Ordinal).Replace("%2C", ",", StringComparison.Ordinal);

    private static FhirResult NotAllowed(string allow) =>
        FhirResult.Error(405, OperationOutcome.IssueType.NotSupported, $"Method not allowed here; allowed: {allow}.") with { Allow = allow };
}
