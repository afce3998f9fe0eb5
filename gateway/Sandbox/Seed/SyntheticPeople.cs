using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// Draws the people (identity, eligibility, utilisation) before any source renders them, so the three
/// sources describe the same people without sharing a single resource id.
/// </summary>
internal sealed class SyntheticPeople(Random random)
{
    /// <summary>Cohorts repeat every 60 people, so any population size keeps the same mix.</summary>
    public const int BlockSize = 60;

    // Edge cases sit at low odd positions so even a population of a dozen has most of them.
    private static readonly Dictionary<int, (SeedCohort Cohort, string? Code)> EdgeCases = new()
    {
        [1] = (SeedCohort.PartialDual, "01"),
        [3] = (SeedCohort.MedicareAdvantage, "02"),
        [5] = (SeedCohort.MedicaidOnly, null),
        [7] = (SeedCohort.StatusChanged, null),
        [9] = (SeedCohort.Dsnp, "02"),
        [11] = (SeedCohort.OtherDual09, "09"),
        [13] = (SeedCohort.PartialDual, "03"),
        [15] = (SeedCohort.StatusChanged, null),
        [17] = (SeedCohort.PartialDual, "05"),
        [19] = (SeedCohort.PartialDual, "06"),
        [21] = (SeedCohort.StatusChanged, null),
    };

    // Fixed positions guarantee the personas exist in small populations, not just statistically.
    private const int ForcedPayerOfLastResort = 2;
    private const int ForcedHieDemographicsOnly = 4;
    private const int ForcedHieMedicaidIdOnly = 6;

    private readonly SyntheticIdentifiers ids = new(random);

    /// <summary>The next person; call with 0, 1, 2… in order (the stream of draws is what makes output reproducible).</summary>
    public SeedPerson Next(int index)
    {
        var position = index % BlockSize;
        var (cohort, code) = EdgeCases.TryGetValue(position, out var edge) ? edge : (SeedCohort.FullDual, null);
        var female = random.Next(100) < 58;
        var given = female ? SeedCatalog.GivenFemale : SeedCatalog.GivenMale;

        // Most duals qualify for Medicare by age; about one in seven by disability, under 65.
        var age = cohort == SeedCohort.MedicaidOnly ? 30 + random.Next(35)
            : cohort == SeedCohort.FullDual && random.Next(100) < 15 ? 40 + random.Next(25)
            : 65 + random.Next(30);
        var birth = SyntheticPopulation.ReferenceDate.AddYears(-age).AddDays(-random.Next(365));

        var hasMedicare = cohort != SeedCohort.MedicaidOnly;
        var medicareStart = !hasMedicare ? default
            : age >= 65 ? FirstOfMonth(birth.AddYears(65))
            : FirstOfMonth(SyntheticPopulation.ReferenceDate.AddYears(-2 - random.Next(8)));

        IReadOnlyList<(DateOnly, string)>? history = null;
        if (cohort == SeedCohort.StatusChanged)
        {
            (code, history) = StatusHistory(random);
        }
        else if (cohort == SeedCohort.FullDual)
        {
            var r = random.Next(100);
            code = r < 60 ? "02" : r < 80 ? "04" : "08";
        }

        var managed = cohort switch
        {
            SeedCohort.Dsnp => true,
            SeedCohort.FullDual or SeedCohort.MedicaidOnly or SeedCohort.MedicareAdvantage => random.Next(2) == 0,
            _ => false,
        };

        var person = new SeedPerson
        {
            Index = index,
            Cohort = cohort,
            Given = given[random.Next(given.Length)],
            Family = SeedCatalog.Family[random.Next(SeedCatalog.Family.Length)],
            Gender = female ? AdministrativeGender.Female : AdministrativeGender.Male,
            BirthDate = birth,
            AddressLine = $"{10 + random.Next(980)} {SeedCatalog.Streets[random.Next(SeedCatalog.Streets.Length)]}",
            Mbi = hasMedicare ? ids.NextMbi() : null,
            MedicaidId = ids.NextMedicaidId(),
            HieMpiId = ids.NextHieMpiId(),
            DualCode = code,
            DualHistory = history,
            MedicareStart = medicareStart,
            MedicaidStart = FirstOfMonth(SyntheticPopulation.ReferenceDate.AddYears(-1 - random.Next(12))),
            // The D-SNP's members are in the first MCO: the aligned plan of a D-SNP/MCO pair.
            MedicaidManaged = managed,
            McoIndex = cohort == SeedCohort.Dsnp ? 0 : random.Next(2),
            AcoKnowsMedicaidId = hasMedicare && random.Next(100) < 40,
            Hie = HieFor(cohort, position, random),
            Conditions = PickConditions(random),
            OfficeVisits = PickVisits(random),
            Stay = random.Next(100) < 25 ? PickStay(random) : null,
            EmergencyVisit = random.Next(100) < 20 ? RandomDate2026(random) : null,
        };

        AddServices(person, position, random);
        return person;
    }

    private static void AddServices(SeedPerson person, int position, Random random)
    {
        var medicare = person.MedicareServices;
        var medicaid = person.MedicaidServices;
        if (person.HasMedicare && person.InOriginalMedicare)
        {
            if (random.Next(100) < 20)
            {
                medicare.Add(Service(ServiceKind.Dme, SeedCatalog.Dme, random));
            }

            if (random.Next(100) < 15)
            {
                medicare.Add(Service(ServiceKind.HomeHealth, SeedCatalog.HomeHealth, random));
            }
        }

        // HCBS/LTSS is a full-Medicaid benefit: partial duals and code 09 never get it.
        if ((person.FullBenefit || person.Cohort == SeedCohort.MedicaidOnly) && random.Next(100) < 35)
        {
            medicaid.Add(Service(ServiceKind.Hcbs, SeedCatalog.Hcbs, random));
        }

        // Payer-of-last-resort finding: Medicaid paid a service Medicare covers, for someone Medicare covers.
        if (person.Cohort == SeedCohort.FullDual && (position == ForcedPayerOfLastResort || random.Next(100) < 4))
        {
            medicaid.Add(random.Next(2) == 0
                ? Service(ServiceKind.Dme, SeedCatalog.Dme, random)
                : Service(ServiceKind.HomeHealth, SeedCatalog.HomeHealth, random));
        }

    }

    /// <summary>Partial (QMB or SLMB only) from January, full benefit (QMB+ / SLMB+) from a month in spring or summer.</summary>
    private static (string Code, IReadOnlyList<(DateOnly, string)> History) StatusHistory(Random random)
    {
        var qmb = random.Next(2) == 0;
        var (partial, full) = qmb ? ("01", "02") : ("03", "04");
        var changeMonth = 3 + random.Next(7);
        var history = new List<(DateOnly, string)>(SyntheticPopulation.ReferenceDate.Month);
        for (var month = 1; month <= SyntheticPopulation.ReferenceDate.Month; month++)
        {
            history.Add((new DateOnly(2026, month, 1), month < changeMonth ? partial : full));
        }

        return (full, history);
    }

    private static HieIdentity HieFor(SeedCohort cohort, int position, Random random)
    {
        var r = random.Next(100);
        // Without an MBI the Medicaid-only person must reach the HIE by Medicaid ID to be in two sources.
        if (cohort == SeedCohort.MedicaidOnly || position == ForcedHieMedicaidIdOnly)
        {
            return HieIdentity.MpiAndMedicaidId;
        }

        return position == ForcedHieDemographicsOnly ? HieIdentity.DemographicsOnly
            : r < 8 ? HieIdentity.Absent
            : r < 14 ? HieIdentity.DemographicsOnly
            : r < 20 ? HieIdentity.MpiAndMedicaidId
            : HieIdentity.MpiAndMbi;
    }

    private static int[] PickConditions(Random random)
    {
        var count = 1 + random.Next(3);
        var first = random.Next(SeedCatalog.Conditions.Length);
        // Steps of 1 or 5 are coprime with 6, so the picks never repeat.
        var step = random.Next(2) == 0 ? 1 : 5;
        var picked = new int[count];
        for (var i = 0; i < count; i++)
        {
            picked[i] = (first + (i * step)) % SeedCatalog.Conditions.Length;
        }

        return picked;
    }

    private static DateOnly[] PickVisits(Random random)
    {
        var visits = new DateOnly[2 + random.Next(2)];
        for (var i = 0; i < visits.Length; i++)
        {
            visits[i] = RandomDate2026(random);
        }

        Array.Sort(visits);
        return visits;
    }

    private static StayFact PickStay(Random random)
    {
        var admit = RandomDate2026(random);
        var (code, display) = SeedCatalog.Dispositions[random.Next(SeedCatalog.Dispositions.Length)];
        return new StayFact(admit, admit.AddDays(2 + random.Next(6)), code, display);
    }

    private static ServiceFact Service(ServiceKind kind, (string Hcpcs, string Display, decimal Billed)[] options, Random random)
    {
        var (hcpcs, display, billed) = options[random.Next(options.Length)];
        return new ServiceFact(kind, hcpcs, display, RandomDate2026(random), billed);
    }

    /// <summary>A day between early January and late October 2026: always before the reference date.</summary>
    public static DateOnly RandomDate2026(Random random) => new DateOnly(2026, 1, 5).AddDays(random.Next(290));

    private static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);
}
