using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>Everything one generation produced: the resources per source, the people behind them, the personas.</summary>
internal sealed record SeedPopulation(
    IReadOnlyDictionary<string, IReadOnlyList<Resource>> Resources,
    IReadOnlyList<SeedPerson> People,
    IReadOnlyDictionary<SeedPersonaKind, SeedPersona> Personas);

/// <summary>
/// The synthetic dually eligible population the sandbox sources are seeded with at first start.
/// Deterministic: the same (people, seed) always yields the same resources, ids included.
/// </summary>
/// <remarks>
/// Every 60 people: 49 full-benefit duals in Original Medicare, 4 partial duals (01, 03, 05, 06), one code 09,
/// 3 whose status went from partial to full during 2026 (monthly history), one Medicare Advantage and one D-SNP
/// member (full duals, not attributable) and one Medicaid-only person. A person appears in aco-sandbox (if on
/// Medicare), medicaid-sandbox (always) and usually hie-sandbox, under each source's own ids, linked only by MBI,
/// Medicaid ID or (for a few HIE records) demographics. About 24 resources per person.
/// </remarks>
internal static class SyntheticPopulation
{
    /// <summary>All dates are anchored here, never on the clock, so output does not drift from day to day.</summary>
    public static readonly DateOnly ReferenceDate = new(2026, 11, 1);

    /// <summary>Id of the ACO attribution Group in aco-sandbox (<c>Group/lead-aco-roster-2027/$export</c>).</summary>
    public const string AttributionGroupId = "lead-aco-roster-2027";

    /// <summary>The synthetic state of the sandbox Medicaid program.</summary>
    public const string State = "oh";

    /// <summary>Identifier system of the sandbox state's Medicaid IDs.</summary>
    public const string MedicaidIdSystem = LeadCanonicals.MedicaidIdSystemPrefix + State;

    public const int DefaultPeople = 60;
    public const int DefaultSeed = 2027;

    /// <summary>
    /// Resources per sandbox source id (<see cref="SandboxSources"/>), each with its id set, references local to its source.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Resource>> Generate(int people, int seed) =>
        Build(people, seed).Resources;

    /// <summary>Generates and also returns the people and personas (tests and demos need to know who is who).</summary>
    public static SeedPopulation Build(int people, int seed)
    {
        var run = new SeedRun(people, seed);
        var persons = new List<SeedPerson>(people);
        var (aco, medicaid, hie) = (new string?[people], new string?[people], new string?[people]);
        foreach (var (person, acoId, medicaidId, hieId) in run.Run())
        {
            persons.Add(person);
            (aco[person.Index], medicaid[person.Index], hie[person.Index]) = (acoId, medicaidId, hieId);
        }

        var resources = run.Sources.ToDictionary(s => s.SourceId, s => (IReadOnlyList<Resource>)s.Source.Resources, StringComparer.Ordinal);
        return new SeedPopulation(resources, persons, FindPersonas(persons, aco, medicaid, hie));
    }

    /// <summary>
    /// The same resources as <see cref="Generate"/>, yielded person by person (per source, in the same order), so a
    /// large seed (the sandbox allows a million people) can be written in batches without holding every POCO at once.
    /// </summary>
    public static IEnumerable<(string SourceId, Resource Resource)> Stream(int people, int seed)
    {
        var run = new SeedRun(people, seed);
        using var persons = run.Run().GetEnumerator();
        bool more;
        do
        {
            more = persons.MoveNext();
            foreach (var (sourceId, source) in run.Sources)
            {
                foreach (var resource in source.Resources)
                {
                    yield return (sourceId, resource);
                }

                source.Resources.Clear();
            }
        }
        while (more);
    }

    /// <summary>
    /// The persona people of a population: the first person of each kind (a kind is absent when the population is
    /// too small to hold it; about two dozen people hold every kind).
    /// </summary>
    public static IReadOnlyDictionary<SeedPersonaKind, SeedPersona> Personas(int people, int seed) => Build(people, seed).Personas;

    private static Dictionary<SeedPersonaKind, SeedPersona> FindPersonas(
        List<SeedPerson> people, string?[] aco, string?[] medicaid, string?[] hie)
    {
        var personas = new Dictionary<SeedPersonaKind, SeedPersona>();
        foreach (var kind in Enum.GetValues<SeedPersonaKind>())
        {
            if (people.FirstOrDefault(p => Is(kind, p)) is { } person)
            {
                personas[kind] = new SeedPersona(kind, person.Index, person.Mbi, person.MedicaidId,
                    aco[person.Index], medicaid[person.Index], hie[person.Index]);
            }
        }

        return personas;
    }

    private static bool Is(SeedPersonaKind kind, SeedPerson p) => kind switch
    {
        // The clean case: no finding, and linkable by MBI everywhere.
        SeedPersonaKind.FullBenefitAttributedDual =>
            p.Cohort == SeedCohort.FullDual && p.Hie == HieIdentity.MpiAndMbi && !p.HasPayerOfLastResortFinding,
        SeedPersonaKind.PartialBenefitDual => p.Cohort == SeedCohort.PartialDual,
        SeedPersonaKind.OtherDualNoMedicaid => p.Cohort == SeedCohort.OtherDual09,
        SeedPersonaKind.DualStatusChanged => p.Cohort == SeedCohort.StatusChanged,
        SeedPersonaKind.MedicareAdvantageMember => p.Cohort == SeedCohort.MedicareAdvantage,
        SeedPersonaKind.DsnpMember => p.Cohort == SeedCohort.Dsnp,
        SeedPersonaKind.MedicaidOnly => p.Cohort == SeedCohort.MedicaidOnly,
        SeedPersonaKind.HieDemographicsOnly => p.Hie == HieIdentity.DemographicsOnly && !p.HasPayerOfLastResortFinding,
        SeedPersonaKind.PayerOfLastResortFinding => p.HasPayerOfLastResortFinding,
        _ => false,
    };
}
