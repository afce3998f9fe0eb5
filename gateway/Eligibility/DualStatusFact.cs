using Hl7.Fhir.Model;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// <c>dualStatus</c>: the monthly dual status code for the date, from the month's <c>dual-status-history</c> entry when
/// a Coverage in force carries one, else the current <c>dual-status</c> code; full or partial benefit per ResDAC.
/// Sources that disagree make it unknown: the gateway does not pick a winner.
/// </summary>
internal static class DualStatusFact
{
    public static FactResult Evaluate(List<SourceFindings> found, List<SourceFindings> failed, DateOnly date, FactResult medicare, FactResult medicaid)
    {
        var readings = found
            .SelectMany(s => s.Coverages.Where(c => CoverageFacts.InForce(c, date)).Select(c => (Source: s, Coverage: c, Reading: DualStatus.ReadFor(c, date))))
            .Where(x => x.Reading is not null)
            .ToList();
        // A month's own entry is more specific than the current code.
        var best = readings.Any(x => x.Reading!.HistoryMonth is not null) ? readings.Where(x => x.Reading!.HistoryMonth is not null).ToList() : readings;
        var codes = best.Select(x => x.Reading!.Code).Distinct().ToList();
        if (codes.Count > 1)
        {
            var conflict = Cited(EligibilityEvaluator.Unknown, best);
            conflict.Notes.Add($"Sources disagree on the dual status for {FhirDates.Day(date)}: {string.Join(", ", best.Select(x => $"{x.Reading!.Code} in '{x.Source.Source.Id}'"))}.");
            return new FactResult(conflict);
        }

        if (codes.Count == 1)
        {
            var reading = best[0].Reading!;
            var status = reading.Benefit switch
            {
                DualBenefit.Full => "full",
                DualBenefit.Partial => "partial",
                DualBenefit.NoMedicaid => "no-medicaid",
                _ => EligibilityEvaluator.Unknown,
            };
            var fact = Cited(status, best);
            fact.Details.Add(("code", EligibilityEvaluator.DualCoding(reading.Code)));
            fact.Details.Add(("benefit", new Code(status)));
            fact.Details.Add(("basis", new FhirString(reading.HistoryMonth is { } month ? $"dual status history, month {month}" : "current dual status")));
            fact.Notes.Add(status == EligibilityEvaluator.Unknown
                ? $"Dual status code '{reading.Code}' is not in the ResDAC table."
                : $"Dual status {reading.Code} ({reading.Display}) on {FhirDates.Day(date)}: {status} benefit.");
            var disqualifier = reading.Benefit switch
            {
                DualBenefit.Partial => new Reason("partial-benefit", fact.Notes[0]),
                DualBenefit.NoMedicaid => new Reason("no-medicaid-benefits", fact.Notes[0]),
                _ => null,
            };
            return new FactResult(fact, disqualifier);
        }

        return NoCode(failed, medicare, medicaid);
    }

    private static FactResult NoCode(List<SourceFindings> failed, FactResult medicare, FactResult medicaid)
    {
        // Someone without Medicare or without Medicaid is not dual; those facts already carry the reason.
        if (medicare.Disqualifier?.Code == "no-original-medicare" || medicaid.Fact.Status == "not-covered")
        {
            var notDual = new Fact("dualStatus", "not-dual");
            notDual.Notes.Add("Not dually eligible: Medicare and Medicaid are not both in force on the date.");
            return new FactResult(notDual);
        }

        var missing = EligibilityEvaluator.Missing(failed, s => s.Source.Kind == SourceKinds.Medicaid);
        var unknown = new Fact("dualStatus", EligibilityEvaluator.Unknown);
        unknown.Notes.Add(missing ?? "No dual status code is recorded on the Coverage in force.");
        return new FactResult(unknown);
    }

    private static Fact Cited(string status, List<(SourceFindings Source, Coverage Coverage, DualStatusReading? Reading)> readings)
    {
        var fact = new Fact("dualStatus", status);
        foreach (var (source, coverage, _) in readings)
        {
            EligibilityEvaluator.Cite(fact, source, coverage);
        }

        return fact;
    }
}
