using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// <c>attribution</c>: a roster Group on an ACO or CMS source listing the person, active, with a member period that
/// covers the date (Da Vinci ATR style; the sandbox roster runs for performance year 2027).
/// </summary>
internal static class AttributionFact
{
    public static FactResult Evaluate(IReadOnlyList<SourceFindings> sources, List<SourceFindings> found, List<SourceFindings> failed, DateOnly date)
    {
        var day = FhirDates.Day(date);
        var entries = found.Where(s => s.IsMedicareSide && s.Patient?.Id is not null)
            .SelectMany(s => s.Groups.SelectMany(g => g.Member.Where(m => Refers(m.Entity, s.Patient!.Id!)).Select(m => (Source: s, Group: g, Member: m))))
            .ToList();
        var current = entries.Where(x => x.Group.Active != false && x.Member.Inactive != true && CoverageFacts.Covers(x.Member.Period, date)).ToList();
        if (current.Count > 0)
        {
            var (source, group, member) = current[0];
            var fact = new Fact("attribution", "attributed");
            EligibilityEvaluator.Cite(fact, source, group);
            fact.Details.Add(("roster", new FhirString(group.Name ?? group.Id)));
            if (member.Period is not null)
            {
                fact.Details.Add(("period", member.Period));
            }

            if (member.GetExtension(LeadCanonicals.AttributedAcoExtension)?.Value is ResourceReference aco)
            {
                fact.Details.Add(("aco", new ResourceReference(aco.Reference, aco.Display)));
            }

            fact.Notes.Add($"On roster '{group.Name ?? group.Id}' in '{source.Source.Id}' for {CoverageFacts.Describe(member.Period)}, covering {day}.");
            return new FactResult(fact);
        }

        var missing = EligibilityEvaluator.Missing(failed, s => s.IsMedicareSide);
        var consulted = sources.Where(s => s.IsMedicareSide).Select(s => s.Source.Id).ToList();
        var status = missing is not null || consulted.Count == 0 ? EligibilityEvaluator.Unknown : "not-attributed";
        var none = new Fact("attribution", status);
        foreach (var (source, group, _) in entries)
        {
            EligibilityEvaluator.Cite(none, source, group);
        }

        none.Notes.Add(entries.Count > 0
            ? $"Listed on roster '{entries[0].Group.Name ?? entries[0].Group.Id}' for {CoverageFacts.Describe(entries[0].Member.Period)}, which does not cover {day}."
            : missing ?? (consulted.Count == 0 ? "No ACO or CMS source is connected." : $"On no attribution roster of {string.Join(", ", consulted)}."));
        if (missing is not null && entries.Count > 0)
        {
            none.Notes.Add(missing);
        }

        return new FactResult(none, status == "not-attributed" ? new Reason("not-attributed", none.Notes[0]) : null);
    }

    private static bool Refers(ResourceReference? entity, string patientId) =>
        entity?.Reference is { } reference
        && (reference == $"Patient/{patientId}" || reference.EndsWith($"/Patient/{patientId}", StringComparison.Ordinal));
}
