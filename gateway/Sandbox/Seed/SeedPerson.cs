using Lead.Profiles;
using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>Which eligibility situation a synthetic person stands for.</summary>
internal enum SeedCohort
{
    /// <summary>Full-benefit dual (02, 04, 08) in Original Medicare: LEAD's main target.</summary>
    FullDual,

    /// <summary>Partial-benefit dual (01, 03, 05, 06) in Original Medicare.</summary>
    PartialDual,

    /// <summary>Code 09: dual in CMS data, but without Medicaid coverage.</summary>
    OtherDual09,

    /// <summary>Partial benefit early in 2026, full benefit later: carries a month-by-month history.</summary>
    StatusChanged,

    /// <summary>Full dual in a (non-SNP) Medicare Advantage plan: not LEAD-attributable.</summary>
    MedicareAdvantage,

    /// <summary>Full dual in a D-SNP (Medicare managed care): not LEAD-attributable.</summary>
    Dsnp,

    /// <summary>Under-65 Medicaid enrollee without Medicare, so without an MBI.</summary>
    MedicaidOnly,
}

/// <summary>How the HIE's MPI knows a person: the matching features need every variant.</summary>
internal enum HieIdentity
{
    Absent,
    MpiAndMbi,
    MpiAndMedicaidId,
    DemographicsOnly,
}

internal enum ServiceKind
{
    Dme,
    HomeHealth,
    Hcbs,
}

/// <summary>A billed service; the same fact feeds the Medicare EOB and the Medicaid crossover EOB.</summary>
internal sealed record ServiceFact(ServiceKind Kind, string Hcpcs, string Display, DateOnly Date, decimal Billed);

/// <summary>An inpatient stay both the ACO EHR and the HIE know about (under their own ids).</summary>
internal sealed record StayFact(DateOnly Admit, DateOnly Discharge, string DispositionCode, string DispositionDisplay);

/// <summary>
/// One synthetic person: identity, eligibility and the facts every source renders its own way.
/// Built once so the sources agree on who the person is without sharing resource ids.
/// </summary>
internal sealed class SeedPerson
{
    public required int Index { get; init; }
    public required SeedCohort Cohort { get; init; }
    public required string Given { get; init; }
    public required string Family { get; init; }
    public required AdministrativeGender Gender { get; init; }
    public required DateOnly BirthDate { get; init; }
    public required string AddressLine { get; init; }

    public string? Mbi { get; init; }
    public required string MedicaidId { get; init; }
    public required string HieMpiId { get; init; }

    /// <summary>Dual status code in the reference month; null for Medicaid-only.</summary>
    public string? DualCode { get; init; }

    /// <summary>Monthly codes for 2026 (first of month), only for people whose status changed.</summary>
    public IReadOnlyList<(DateOnly Month, string Code)>? DualHistory { get; init; }

    public DateOnly MedicareStart { get; init; }
    public required DateOnly MedicaidStart { get; init; }

    /// <summary>Medicaid managed care (SOPT 21) with <see cref="McoIndex"/>, else fee-for-service (SOPT 2).</summary>
    public bool MedicaidManaged { get; init; }
    public int McoIndex { get; init; }

    public bool AcoKnowsMedicaidId { get; init; }
    public required HieIdentity Hie { get; init; }

    public required IReadOnlyList<int> Conditions { get; init; }
    public required IReadOnlyList<DateOnly> OfficeVisits { get; init; }
    public StayFact? Stay { get; init; }
    public DateOnly? EmergencyVisit { get; init; }

    /// <summary>DME / home health Medicare paid first (Medicaid may cross over the cost-sharing).</summary>
    public List<ServiceFact> MedicareServices { get; } = [];

    /// <summary>HCBS/LTSS and, for payer-of-last-resort findings, DME/home health Medicaid paid alone.</summary>
    public List<ServiceFact> MedicaidServices { get; } = [];

    public bool HasMedicare => Mbi is not null;
    public bool InOriginalMedicare => Cohort is not (SeedCohort.MedicareAdvantage or SeedCohort.Dsnp or SeedCohort.MedicaidOnly);
    public bool FullBenefit => DualStatusCodes.FullBenefit.Contains(DualCode ?? "");

    /// <summary>QMB (01, 02) and the other full-benefit codes have Medicare cost-sharing paid by Medicaid.</summary>
    public bool MedicaidPaysCostSharing => DualStatusCodes.MedicaidPaysCostSharing(DualCode);

    /// <summary>A Medicaid DME/home-health claim for a dual in Original Medicare with no Medicare claim first.</summary>
    public bool HasPayerOfLastResortFinding =>
        HasMedicare && MedicaidServices.Any(s => s.Kind is ServiceKind.Dme or ServiceKind.HomeHealth);
}
