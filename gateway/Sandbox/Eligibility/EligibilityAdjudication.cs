using Hl7.Fhir.Model;
using Lead.Gateway.Eligibility;

namespace Lead.Gateway.Sandbox.Eligibility;

/// <summary>
/// The Medicaid payer's answer. Only its own program's Coverage (SOPT 2*) is adjudicated; the Medicare Coverage it holds
/// for coordination of benefits is named in the disposition, since Medicare pays first and Medicaid last.
/// </summary>
internal static class EligibilityAdjudication
{
    public static CoverageEligibilityResponse Build(AdjudicationInput input)
    {
        var request = input.Request;
        var response = new CoverageEligibilityResponse
        {
            Status = FinancialResourceStatusCodes.Active,
            Purpose = [.. input.Purposes.Select(p => (CoverageEligibilityResponse.EligibilityResponsePurpose?)Enum.Parse<CoverageEligibilityResponse.EligibilityResponsePurpose>(p.ToString()))],
            Patient = input.Member.PatientId is { } id ? new ResourceReference($"Patient/{id}") : UnresolvedPatient(request),
            Serviced = request.Serviced ?? new Date(FhirDates.Day(input.From)),
            Created = new FhirDateTime(input.Now).Value,
            Request = new ResourceReference($"CoverageEligibilityRequest/{input.RequestId}"),
            Insurer = request.Insurer,
        };

        if (input.Member.PatientId is null)
        {
            response.Outcome = ClaimProcessingCodes.Error;
            response.Disposition = input.Member.ErrorText;
            response.Error = [new CoverageEligibilityResponse.ErrorsComponent { Code = new CodeableConcept(EligibilityCodes.ErrorSystem, input.Member.ErrorCode) }];
            response.Insurer ??= new ResourceReference { Display = "State Medicaid Agency (sandbox)" };
            return response;
        }

        var medicaid = input.Coverages.Where(CoverageFacts.IsMedicaid).ToList();
        var benefits = input.Purposes.Contains(CoverageEligibilityRequest.EligibilityRequestPurpose.Benefits);
        response.Outcome = ClaimProcessingCodes.Complete;
        response.Insurance = [.. medicaid.Select(c => Insurance(c, input, benefits))];
        var first = medicaid.FirstOrDefault();
        response.Insurer = first?.Payor.FirstOrDefault() is { } payor ? Named(payor, input.PayorNames) : response.Insurer ?? new ResourceReference { Display = "State Medicaid Agency (sandbox)" };
        response.Disposition = Disposition(medicaid, input);
        return response;
    }

    private static CoverageEligibilityResponse.InsuranceComponent Insurance(Coverage coverage, AdjudicationInput input, bool benefits)
    {
        var dual = DualStatus.ReadFor(coverage, input.From);
        var component = new CoverageEligibilityResponse.InsuranceComponent
        {
            Coverage = new ResourceReference($"Coverage/{coverage.Id}"),
            Inforce = InForce(coverage, dual, input),
            BenefitPeriod = coverage.Period,
        };
        if (benefits && component.Inforce == true)
        {
            component.Item = [.. BenefitItems.For(coverage, dual, McoName(coverage, input.PayorNames))];
        }

        return component;
    }

    /// <summary>In force over the whole serviced range; a code 09 record has no Medicaid benefits behind it.</summary>
    private static bool InForce(Coverage coverage, DualStatusReading? dual, AdjudicationInput input) =>
        CoverageFacts.InForce(coverage, input.From) && CoverageFacts.InForce(coverage, input.To) && dual?.Benefit != DualBenefit.NoMedicaid;

    private static string Disposition(List<Coverage> medicaid, AdjudicationInput input)
    {
        var day = FhirDates.Day(input.From);
        if (medicaid.Count == 0)
        {
            return $"Member found; no Medicaid coverage on file for {day}.";
        }

        var inForce = medicaid.FirstOrDefault(c => InForce(c, DualStatus.ReadFor(c, input.From), input));
        if (inForce is null)
        {
            return $"Member found; Medicaid coverage is not in force for {day}.";
        }

        var delivery = CoverageFacts.IsMedicaidManagedCare(inForce) ? $"managed care ({McoName(inForce, input.PayorNames)})" : "fee-for-service";
        var dual = DualStatus.ReadFor(inForce, input.From);
        var status = dual is null ? "no dual status (Medicaid only)"
            : $"dual status {dual.Code} ({dual.Display}, {(dual.Benefit == DualBenefit.Full ? "full" : "partial")} benefit{(dual.HistoryMonth is { } m ? $", month {m}" : "")})";
        var medicare = input.Coverages.Any(c => CoverageFacts.IsMedicare(c) && CoverageFacts.InForce(c, input.From))
            ? " Medicare is the primary payer; Medicaid pays last."
            : "";
        return $"Medicaid {delivery} in force on {day}; {status}.{medicare}";
    }

    public static string? McoName(Coverage coverage, IReadOnlyDictionary<string, string> payorNames) =>
        !CoverageFacts.IsMedicaidManagedCare(coverage) ? null
        : coverage.Payor.Select(p => p.Display ?? (p.Reference is { } r ? payorNames.GetValueOrDefault(r) : null)).FirstOrDefault(n => n is not null)
            ?? CoverageFacts.PlanName(coverage);

    private static ResourceReference Named(ResourceReference payor, IReadOnlyDictionary<string, string> names) =>
        new(payor.Reference) { Display = payor.Display ?? (payor.Reference is { } r ? names.GetValueOrDefault(r) : null) };

    private static ResourceReference UnresolvedPatient(CoverageEligibilityRequest request) =>
        request.Patient?.Reference is ['#', ..] || request.Patient is null
            ? new ResourceReference { Identifier = request.Contained.OfType<Patient>().SelectMany(p => p.Identifier).FirstOrDefault() ?? request.Patient?.Identifier }
            : request.Patient;
}
