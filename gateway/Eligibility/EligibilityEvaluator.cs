using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// Turns what the sources said into LEAD eligibility on one date. Rules: a disqualifier found in a source that answered
/// is definitive (not-eligible); "eligible" needs every fact positively known and every consulted source answering;
/// anything else is unknown with the reason. Absence counts as a fact only when every source that could hold it answered.
/// </summary>
internal static class EligibilityEvaluator
{
    public const string Eligible = "eligible";
    public const string NotEligible = "not-eligible";
    public const string Unknown = "unknown";

    public static EligibilityAnswer Evaluate(IReadOnlyList<SourceFindings> sources, DateOnly date)
    {
        var found = sources.Where(s => s.State == SourceState.Found).ToList();
        var failed = sources.Where(s => s.State == SourceState.Unknown).ToList();
        var unavailable = failed.Select(s => new Reason("source-unknown", $"Source '{s.Source.Id}' could not be consulted: {s.Reason}.")).ToList();
        if (found.Count == 0)
        {
            var reasons = failed.Count == 0
                ? [new Reason("person-not-found", "No consulted source knows a person with this identifier.")]
                : unavailable.Prepend(new Reason("person-not-found", "No source that answered knows a person with this identifier.")).ToList();
            return new EligibilityAnswer(Unknown, reasons, [], sources);
        }

        var medicare = MedicareFact.Evaluate(found, failed, date);
        var medicaid = MedicaidFact.Evaluate(found, failed, date);
        var dual = DualStatusFact.Evaluate(found, failed, date, medicare, medicaid);
        var attribution = AttributionFact.Evaluate(sources, found, failed, date);
        Fact[] facts = [medicare.Fact, medicaid.Fact, dual.Fact, attribution.Fact];

        var disqualifiers = new[] { medicare.Disqualifier, medicaid.Disqualifier, dual.Disqualifier, attribution.Disqualifier }.OfType<Reason>().ToList();
        var unknowns = facts.Where(f => f.IsUnknown).Select(f => new Reason($"{f.Name}-unknown", string.Join(" ", f.Notes))).Concat(unavailable).ToList();
        if (disqualifiers.Count > 0)
        {
            return new EligibilityAnswer(NotEligible, [.. disqualifiers, .. unknowns], facts, sources);
        }

        if (unknowns.Count > 0)
        {
            return new EligibilityAnswer(Unknown, unknowns, facts, sources);
        }

        var code = dual.Fact.Details.FirstOrDefault(d => d.Name == "code").Value as Coding;
        return new EligibilityAnswer(Eligible,
            [new Reason("full-benefit-dual-original-medicare-attributed",
                $"Full-benefit dual (code {code?.Code}) in Original Medicare, attributed to a LEAD ACO on {FhirDates.Day(date)}.")],
            facts, sources);
    }

    /// <summary>Every source of the given kinds that could hold a fact but did not answer, as one note.</summary>
    internal static string? Missing(IEnumerable<SourceFindings> failed, Func<SourceFindings, bool> couldHold)
    {
        var ids = failed.Where(couldHold).Select(s => $"'{s.Source.Id}' ({s.Reason})").ToList();
        return ids.Count == 0 ? null : $"Not established: {string.Join(", ", ids)} could not be consulted.";
    }

    internal static void Cite(Fact fact, SourceFindings source, Resource resource)
    {
        if (resource.Id is { } id && !fact.Evidence.Any(e => e.SourceId == source.Source.Id && e.ResourceType == resource.TypeName && e.Id == id))
        {
            fact.Evidence.Add(new Evidence(source.Source.Id, resource.TypeName, id));
        }
    }

    internal static Coding DualCoding(string code) => new(LeadCanonicals.DualStatusCodeSystem, code, DualStatus.Display(code));
}

/// <summary>A fact and, when it rules the person out, the reason why.</summary>
internal sealed record FactResult(Fact Fact, Reason? Disqualifier = null);
