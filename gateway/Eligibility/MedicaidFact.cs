using Hl7.Fhir.Model;
using Lead.Gateway.Sources;
using Lead.Profiles;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// <c>medicaid</c>: Medicaid Coverage in force on the date and its delivery system: fee-for-service (SOPT 2) or
/// managed care (SOPT 21*) with the MCO's name, which decides who the ACO coordinates with.
/// </summary>
internal static class MedicaidFact
{
    public static FactResult Evaluate(List<SourceFindings> found, List<SourceFindings> failed, DateOnly date)
    {
        var all = found.SelectMany(s => s.Coverages.Where(CoverageFacts.IsMedicaid).Select(c => (Source: s, Coverage: c))).ToList();
        var inForce = all.Where(x => CoverageFacts.InForce(x.Coverage, date)).ToList();
        var day = FhirDates.Day(date);
        if (inForce.Count > 0)
        {
            var fact = new Fact("medicaid", "covered");
            var (source, coverage) = inForce[0];
            EligibilityEvaluator.Cite(fact, source, coverage);
            var managed = CoverageFacts.IsMedicaidManagedCare(coverage);
            fact.Details.Add(("deliverySystem", managed
                ? new Coding(LeadCanonicals.SopTypology, CoverageFacts.SoptCode(coverage), "Medicaid managed care (MCO)")
                : new Coding(LeadCanonicals.SopTypology, CoverageFacts.SoptCode(coverage), "Medicaid fee-for-service")));
            if (managed)
            {
                fact.Details.Add(("mco", new FhirString(McoName(source, coverage) ?? "(MCO not named)")));
            }

            fact.Notes.Add($"Medicaid {(managed ? "managed care" : "fee-for-service")} coverage in force on {day}.");
            return new FactResult(fact);
        }

        // Lapsed or future Coverage elsewhere does not settle it: a Medicaid source that failed could hold the one in force.
        var absent = EligibilityEvaluator.Missing(failed, s => s.Source.Kind == SourceKinds.Medicaid);
        var none = new Fact("medicaid", absent is null ? "not-covered" : EligibilityEvaluator.Unknown);
        foreach (var (source, coverage) in all)
        {
            EligibilityEvaluator.Cite(none, source, coverage);
        }

        none.Notes.Add(absent ?? (all.Count == 0 ? "No Medicaid Coverage in any consulted source." : $"Medicaid Coverage found, but none in force on {day}."));
        return new FactResult(none, absent is null ? new Reason("no-medicaid", none.Notes[0]) : null);
    }

    private static string? McoName(SourceFindings source, Coverage coverage) =>
        coverage.Payor.Select(p => p.Display ?? (p.Reference is { } r ? source.OrganizationNames.GetValueOrDefault(r) : null)).FirstOrDefault(n => n is not null)
            ?? CoverageFacts.PlanName(coverage);
}
