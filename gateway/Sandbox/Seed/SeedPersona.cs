namespace Lead.Gateway.Sandbox.Seed;

/// <summary>The eligibility situations tests and demos reach for by name.</summary>
internal enum SeedPersonaKind
{
    /// <summary>Full-benefit dual in Original Medicare, on the ACO roster, linked by MBI in all three sources.</summary>
    FullBenefitAttributedDual,

    /// <summary>Partial-benefit dual (01, 03, 05 or 06): Original Medicare, attributed, no full Medicaid.</summary>
    PartialBenefitDual,

    /// <summary>Dual status 09: in CMS dual data but without Medicaid coverage.</summary>
    OtherDualNoMedicaid,

    /// <summary>Partial benefit early in 2026, full benefit later: Coverage carries month-by-month history.</summary>
    DualStatusChanged,

    /// <summary>Full dual in Medicare Advantage (SOPT 111): not LEAD-attributable.</summary>
    MedicareAdvantageMember,

    /// <summary>Full dual in a D-SNP: not LEAD-attributable.</summary>
    DsnpMember,

    /// <summary>Medicaid only, no MBI: in medicaid-sandbox and hie-sandbox, linked by Medicaid ID.</summary>
    MedicaidOnly,

    /// <summary>HIE record without MBI or Medicaid ID: only demographics can match it.</summary>
    HieDemographicsOnly,

    /// <summary>Dual in Original Medicare with a Medicaid-paid DME/home-health claim and no Medicare claim first.</summary>
    PayerOfLastResortFinding,
}

/// <summary>
/// One persona's identifiers and its Patient id in each source (null where the source does not know the person).
/// </summary>
internal sealed record SeedPersona(
    SeedPersonaKind Kind,
    int PersonIndex,
    string? Mbi,
    string MedicaidId,
    string? AcoPatientId,
    string? MedicaidPatientId,
    string? HiePatientId);
