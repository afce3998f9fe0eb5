using Hl7.Fhir.Model;
using Lead.Gateway.Eligibility;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Http;
using Lead.Gateway.Sandbox.Search;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Sandbox.Eligibility;

/// <summary>
/// <c>POST CoverageEligibilityRequest</c> on medicaid-sandbox, answered synchronously the way a state's eligibility
/// system answers a 270 with a 271: 200 and a CoverageEligibilityResponse, an unknown member being an <c>error</c>
/// outcome rather than a 404. Request and response are kept, as a payer would, so the response's reference resolves.
/// </summary>
internal sealed class SandboxEligibility(SandboxStore store, TimeProvider time)
{
    private readonly MemberResolver members = new(store);

    public static bool Handles(FhirRequest request) =>
        request is { Method: "POST", Source: SandboxSources.Medicaid, Segments: ["CoverageEligibilityRequest"] };

    public async Task<FhirResult> ExecuteAsync(FhirRequest request, CancellationToken ct)
    {
        var eligibility = request.Body as CoverageEligibilityRequest
            ?? throw new SandboxException(400, OperationOutcome.IssueType.Invalid,
                $"The body is a {request.Body?.TypeName ?? "nothing"} but the URL says CoverageEligibilityRequest.", "resourceType");
        var purposes = EligibilityRequestCheck.Purposes(eligibility);
        var now = time.GetUtcNow();
        var (from, to) = EligibilityRequestCheck.ServicedRange(eligibility, DateOnly.FromDateTime(now.UtcDateTime));

        var member = await members.ResolveAsync(request.Source, eligibility, ct);
        var coverages = member.PatientId is { } patientId ? await CoveragesAsync(request.Source, patientId, ct) : [];
        var payorNames = await PayorNamesAsync(request.Source, coverages, ct);

        await using var uow = await store.BeginAsync(ct);
        var stored = await uow.CreateAsync(request.Source, eligibility, null, null, ct);
        var response = EligibilityAdjudication.Build(new AdjudicationInput(eligibility, purposes, from, to, member, coverages, payorNames, now, stored.Resource!.Id));
        var written = await uow.CreateAsync(request.Source, response, null, null, ct);
        await uow.CommitAsync(ct);

        var url = $"{request.BaseUrl}/CoverageEligibilityResponse/{written.Resource!.Id}";
        return new FhirResult(200, FhirJson.Serialize(Absolute(response, request.BaseUrl)))
        {
            Location = $"{url}/_history/{written.Resource.VersionId}",
            ResourceUrl = url,
            ETag = written.Resource.ETag,
            LastModified = written.Resource.LastUpdated,
        };
    }

    private async Task<List<Coverage>> CoveragesAsync(string source, string patientId, CancellationToken ct)
    {
        var search = SearchRequest.Parse("Coverage", [new("beneficiary", $"Patient/{patientId}")], 100, 100);
        var found = await store.SearchAsync(source, "Coverage", search, ct);
        return [.. found.Matches.Select(m => FhirJson.Parse(m.Json!)).OfType<Coverage>()];
    }

    private async Task<Dictionary<string, string>> PayorNamesAsync(string source, List<Coverage> coverages, CancellationToken ct)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in coverages.Where(CoverageFacts.IsMedicaid).SelectMany(c => c.Payor).Select(p => p.Reference).OfType<string>().Distinct())
        {
            if (SearchIndexer.ParseReference(reference) is ("Organization", var id)
                && await store.ReadAsync(source, "Organization", id, ct) is { Deleted: false, Json: { } json }
                && FhirJson.Parse(json) is Organization { Name: { } name })
            {
                names[reference] = name;
            }
        }

        return names;
    }

    /// <summary>
    /// The stored response keeps references relative; the one sent back is absolute, so that at the gateway (which
    /// rewrites this server's base to the source's) it never resolves against the unified base's other sources.
    /// </summary>
    private static CoverageEligibilityResponse Absolute(CoverageEligibilityResponse response, string baseUrl)
    {
        var copy = (CoverageEligibilityResponse)response.DeepCopy();
        foreach (var reference in new[] { copy.Patient, copy.Request, copy.Insurer }.Concat(copy.Insurance.Select(i => i.Coverage)))
        {
            if (reference?.Reference is { } relative && !relative.StartsWith('#') && !relative.Contains("://", StringComparison.Ordinal))
            {
                reference.Reference = $"{baseUrl}/{relative}";
            }
        }

        return copy;
    }
}
