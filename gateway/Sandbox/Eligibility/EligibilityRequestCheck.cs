using Hl7.Fhir.Model;
using Lead.Gateway.Eligibility;
using Lead.Gateway.Sandbox.Fhir;

namespace Lead.Gateway.Sandbox.Eligibility;

/// <summary>
/// What a CoverageEligibilityRequest must say before it can be adjudicated at all (a 400 naming the element); an
/// unknown member, by contrast, is a proper answer with an error outcome.
/// </summary>
internal static class EligibilityRequestCheck
{
    private static readonly CoverageEligibilityRequest.EligibilityRequestPurpose[] Supported =
        [CoverageEligibilityRequest.EligibilityRequestPurpose.Validation, CoverageEligibilityRequest.EligibilityRequestPurpose.Benefits];

    public static IReadOnlyList<CoverageEligibilityRequest.EligibilityRequestPurpose> Purposes(CoverageEligibilityRequest request)
    {
        var asked = request.Purpose.OfType<CoverageEligibilityRequest.EligibilityRequestPurpose>().ToList();
        if (asked.Count == 0)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Required, "purpose is required: validation and/or benefits.", "CoverageEligibilityRequest.purpose");
        }

        var supported = asked.Where(Supported.Contains).Distinct().ToList();
        if (supported.Count == 0)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.NotSupported,
                "This payer answers the purposes validation and benefits only (not auth-requirements or discovery).", "CoverageEligibilityRequest.purpose");
        }

        if (request.Patient is null)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Required, "patient is required (a reference or an MBI / Medicaid ID identifier).", "CoverageEligibilityRequest.patient");
        }

        return supported;
    }

    /// <summary>servicedDate, or servicedPeriod (an open end is its other end), or today.</summary>
    public static (DateOnly From, DateOnly To) ServicedRange(CoverageEligibilityRequest request, DateOnly today)
    {
        switch (request.Serviced)
        {
            case null:
                return (today, today);
            case Date date when FhirDates.Start(date.Value) is { } start:
                return (start, FhirDates.End(date.Value)!.Value);
            case Period period when (FhirDates.Start(period.Start) ?? FhirDates.Start(period.End)) is { } start:
                var end = FhirDates.End(period.End) ?? FhirDates.End(period.Start)!.Value;
                return start <= end
                    ? (start, end)
                    : throw new SandboxException(400, OperationOutcome.IssueType.Invalid, "servicedPeriod ends before it starts.", "CoverageEligibilityRequest.servicedPeriod");
            default:
                throw new SandboxException(400, OperationOutcome.IssueType.Invalid, "serviced[x] is not a date or period this payer can read.", "CoverageEligibilityRequest.serviced");
        }
    }
}
