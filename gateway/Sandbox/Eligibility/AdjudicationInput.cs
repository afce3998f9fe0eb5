using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Eligibility;

/// <summary>Everything an adjudication reads: the request, the member and their Coverage as this payer holds it.</summary>
internal sealed record AdjudicationInput(
    CoverageEligibilityRequest Request,
    IReadOnlyList<CoverageEligibilityRequest.EligibilityRequestPurpose> Purposes,
    DateOnly From,
    DateOnly To,
    MemberMatch Member,
    IReadOnlyList<Coverage> Coverages,
    IReadOnlyDictionary<string, string> PayorNames,
    DateTimeOffset Now,
    string RequestId);
