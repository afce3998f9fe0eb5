using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>
/// <c>POST /{source}</c> with a batch (entries independent) or transaction (all or nothing, urn:uuid references
/// resolved to the ids the server assigns) Bundle.
/// </summary>
internal sealed partial class BundleProcessor(SandboxStore store, SandboxOperations operations)
{
    public async Task<FhirResult> ExecuteAsync(FhirRequest request, CancellationToken ct)
    {
        if (request.Body is not Bundle bundle)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Invalid,
                $"POST to the base expects a batch or transaction Bundle, not {request.Body?.TypeName ?? "an empty body"}.", "resourceType");
        }

        return bundle.Type switch
        {
            Bundle.BundleType.Batch => await BatchAsync(request, bundle, ct),
            Bundle.BundleType.Transaction => await TransactionAsync(request, bundle, ct),
            _ => throw new SandboxException(422, OperationOutcome.IssueType.Invalid,
                $"Bundle.type must be 'batch' or 'transaction', not '{bundle.Type?.ToString() ?? "(missing)"}'.", "Bundle.type"),
        };
    }

    private async Task<FhirResult> BatchAsync(FhirRequest request, Bundle bundle, CancellationToken ct)
    {
        var results = new List<FhirResult>(bundle.Entry.Count);
        foreach (var (entry, index) in bundle.Entry.Select((e, i) => (e, i)))
        {
            try
            {
                results.Add(await operations.ExecuteAsync(EntryRequest(request, entry, index, null), null, ct));
            }
            catch (SandboxException ex)
            {
                results.Add(FhirResult.Error(ex));
            }
            catch (DbUpdateException)
            {
                results.Add(FhirResult.Error(409, OperationOutcome.IssueType.Conflict, $"Entry {index} conflicted with a concurrent write; retry it."));
            }
        }

        return new FhirResult(200, BundleJson.Response("batch-response", results));
    }

    private async Task<FhirResult> TransactionAsync(FhirRequest request, Bundle bundle, CancellationToken ct)
    {
        await using var uow = await store.BeginAsync(ct);
        var assigned = await AssignIdsAsync(request.Source, bundle, uow, ct);
        var results = new FhirResult[bundle.Entry.Count];
        // FHIR's processing order: deletes, then creates, then updates, then reads.
        var order = bundle.Entry.Select((e, i) => (Entry: e, Index: i)).OrderBy(x => Rank(x.Entry.Request?.Method)).ToList();
        foreach (var (entry, index) in order)
        {
            var entryRequest = EntryRequest(request, entry, index, assigned.GetValueOrDefault(index));
            try
            {
                var result = await operations.ExecuteAsync(entryRequest, uow, ct);
                if (result.Status >= 400)
                {
                    // An error answered rather than thrown (a GET of a missing resource): it fails the transaction all the same.
                    var answered = result.IsOutcome && result.Json is not null && FhirJson.Parse(result.Json) is OperationOutcome o ? o : new OperationOutcome();
                    throw new SandboxException(result.Status, answered);
                }

                results[index] = result;
            }
            catch (SandboxException ex)
            {
                var outcome = ex.Outcome;
                outcome.Issue.Insert(0, new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Processing,
                    Diagnostics = $"Transaction refused: entry {index} ({entryRequest.Method} {string.Join('/', entryRequest.Segments)}) failed with {ex.Status}; nothing was committed.",
                    Expression = [$"Bundle.entry[{index}]"],
                });
                throw new SandboxException(ex.Status, outcome);
            }
        }

        await uow.CommitAsync(ct);
        return new FhirResult(200, BundleJson.Response("transaction-response", results));
    }

    /// <summary>
    /// Gives every POST entry its id up front (or the existing match of its If-None-Exist), then rewrites
    /// <c>urn:uuid:</c> references anywhere in the Bundle to <c>Type/id</c>.
    /// </summary>
    private static async Task<Dictionary<int, string>> AssignIdsAsync(string source, Bundle bundle, SandboxUnitOfWork uow, CancellationToken ct)
    {
        var assigned = new Dictionary<int, string>();
        var replacements = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is null || entry.Request is null)
            {
                continue;
            }

            var type = entry.Resource.TypeName;
            string? id = null;
            if (entry.Request.Method == Bundle.HTTPVerb.POST)
            {
                if (!string.IsNullOrWhiteSpace(entry.Request.IfNoneExist))
                {
                    var matches = await uow.FindAsync(source, type, entry.Request.IfNoneExist, ct);
                    if (matches.Count > 1)
                    {
                        throw new SandboxException(412, OperationOutcome.IssueType.Duplicate,
                            $"Transaction refused: entry {i} If-None-Exist '{entry.Request.IfNoneExist}' matches more than one {type}.", $"Bundle.entry[{i}]");
                    }

                    id = matches.Count == 1 ? matches[0] : null;
                }

                if (id is null)
                {
                    id = Guid.NewGuid().ToString();
                    assigned[i] = id;
                }
            }
            else if (entry.Request.Method == Bundle.HTTPVerb.PUT)
            {
                id = entry.Resource.Id;
            }

            if (id is not null && entry.FullUrl?.StartsWith("urn:", StringComparison.Ordinal) == true)
            {
                if (!replacements.TryAdd(entry.FullUrl, $"{type}/{id}"))
                {
                    throw new SandboxException(400, OperationOutcome.IssueType.Invalid, $"fullUrl '{entry.FullUrl}' appears twice.", $"Bundle.entry[{i}].fullUrl");
                }
            }
        }

        if (replacements.Count > 0)
        {
            foreach (var entry in bundle.Entry)
            {
                if (entry.Resource is not { } resource)
                {
                    continue;
                }

                var json = FhirJson.Serialize(resource);
                var rewritten = UrnReference().Replace(json, m => replacements.TryGetValue(m.Groups[1].Value, out var target) ? $"\"{target}\"" : m.Value);
                if (json != rewritten)
                {
                    entry.Resource = FhirJson.Parse(rewritten);
                }
            }
        }

        return assigned;
    }

    private static FhirRequest EntryRequest(FhirRequest outer, Bundle.EntryComponent entry, int index, string? assignedId)
    {
        var method = entry.Request?.Method?.ToString()
            ?? throw new SandboxException(400, OperationOutcome.IssueType.Required, $"Entry {index} has no request.method.", $"Bundle.entry[{index}].request");
        var url = entry.Request.Url
            ?? throw new SandboxException(400, OperationOutcome.IssueType.Required, $"Entry {index} has no request.url.", $"Bundle.entry[{index}].request.url");
        if (url.StartsWith(outer.BaseUrl + "/", StringComparison.Ordinal))
        {
            url = url[(outer.BaseUrl.Length + 1)..];
        }

        var question = url.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? url : url[..question];
        var query = question < 0
            ? []
            : QueryHelpers.ParseQuery(url[question..]).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? ""))).ToList();
        return new FhirRequest
        {
            Method = method,
            Source = outer.Source,
            BaseUrl = outer.BaseUrl,
            Segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries),
            Query = query,
            Body = entry.Resource,
            IfMatch = entry.Request.IfMatch,
            IfNoneExist = entry.Request.IfNoneExist,
            Return = outer.Return,
            StrictHandling = outer.StrictHandling,
            AssignedId = assignedId,
        };
    }

    private static int Rank(Bundle.HTTPVerb? method) => method switch
    {
        Bundle.HTTPVerb.DELETE => 0,
        Bundle.HTTPVerb.POST => 1,
        Bundle.HTTPVerb.PUT or Bundle.HTTPVerb.PATCH => 2,
        _ => 3,
    };

    [GeneratedRegex("\"(urn:(?:uuid|oid):[^\"]+)\"")]
    private static partial Regex UrnReference();
}
