using Hl7.Fhir.Model;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// <c>originalMedicare</c>: Part A and Part B in force on the date and no Medicare Advantage or D-SNP enrollment, which
/// takes the person out of Original Medicare and out of LEAD attribution. Both sides hold Medicare Coverage (the
/// Medicaid agency keeps it for coordination of benefits), so every source is read.
/// </summary>
internal static class MedicareFact
{
    public static FactResult Evaluate(List<SourceFindings> found, List<SourceFindings> failed, DateOnly date)
    {
        var all = found.SelectMany(s => s.Coverages.Where(CoverageFacts.IsMedicare).Select(c => (Source: s, Coverage: c))).ToList();
        var inForce = all.Where(x => CoverageFacts.InForce(x.Coverage, date)).ToList();
        var day = FhirDates.Day(date);

        var advantage = inForce.Where(x => CoverageFacts.IsMedicareAdvantage(x.Coverage)).ToList();
        if (advantage.Count > 0)
        {
            var fact = Cited("no", advantage);
            var first = advantage[0].Coverage;
            var dsnp = CoverageFacts.IsDsnp(first);
            fact.Details.Add(("medicareAdvantage", new FhirBoolean(true)));
            fact.Details.Add(("dsnp", new FhirBoolean(dsnp)));
            fact.Details.Add(("plan", new FhirString(CoverageFacts.PlanName(first) ?? "(unnamed plan)")));
            var kind = dsnp ? "a D-SNP" : "a Medicare Advantage plan";
            fact.Notes.Add($"Enrolled in {kind} (SOPT {CoverageFacts.SoptCode(first)}) on {day}: not in Original Medicare.");
            return new FactResult(fact, new Reason(dsnp ? "dsnp" : "medicare-advantage", fact.Notes[0]));
        }

        var original = inForce.Where(x => CoverageFacts.IsOriginalMedicare(x.Coverage)).ToList();
        if (original.Count > 0)
        {
            var partA = original.Any(x => CoverageFacts.HasPart(x.Coverage, 'A'));
            var partB = original.Any(x => CoverageFacts.HasPart(x.Coverage, 'B'));
            var status = partA && partB ? "yes" : original.All(x => x.Coverage.Class.Count == 0) ? EligibilityEvaluator.Unknown : "no";
            var fact = Cited(status, original);
            fact.Details.Add(("partA", new FhirBoolean(partA)));
            fact.Details.Add(("partB", new FhirBoolean(partB)));
            fact.Details.Add(("medicareAdvantage", new FhirBoolean(false)));
            fact.Notes.Add(status switch
            {
                "yes" => $"Original Medicare Part A and Part B in force on {day}; no Medicare Advantage or D-SNP enrollment found.",
                "no" => $"Original Medicare in force on {day} without both Part A and Part B.",
                _ => "The Medicare Coverage does not say which parts it carries.",
            });
            return new FactResult(fact, status == "no" ? new Reason("no-part-a-and-b", fact.Notes[0]) : null);
        }

        // Lapsed or future Coverage elsewhere does not settle it: a source that failed could hold the one in force.
        var absent = EligibilityEvaluator.Missing(failed, _ => true);
        var none = new Fact("originalMedicare", absent is null ? "no" : EligibilityEvaluator.Unknown);
        foreach (var (source, coverage) in all)
        {
            EligibilityEvaluator.Cite(none, source, coverage);
        }

        none.Notes.Add(absent ?? (all.Count == 0
            ? $"No Medicare Coverage in any consulted source ({string.Join(", ", found.Select(s => s.Source.Id))})."
            : $"Medicare Coverage found, but none in force on {day}."));
        return new FactResult(none, absent is null ? new Reason("no-original-medicare", none.Notes[0]) : null);
    }

    private static Fact Cited(string status, List<(SourceFindings Source, Coverage Coverage)> coverages)
    {
        var fact = new Fact("originalMedicare", status);
        foreach (var (source, coverage) in coverages)
        {
            EligibilityEvaluator.Cite(fact, source, coverage);
        }

        return fact;
    }
}
