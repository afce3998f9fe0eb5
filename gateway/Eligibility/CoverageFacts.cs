using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Eligibility;

/// <summary>How a Coverage reads for eligibility: its SOPT program, its parts, and whether it is in force on a date.</summary>
internal static class CoverageFacts
{
    public static string? SoptCode(Coverage coverage) =>
        coverage.Type?.Coding.FirstOrDefault(c => c.System == LeadCanonicals.SopTypology)?.Code;

    public static bool IsMedicare(Coverage coverage) => SoptCode(coverage) is ['1', ..];

    public static bool IsMedicaid(Coverage coverage) => SoptCode(coverage) is ['2', ..];

    /// <summary>SOPT 11* (Medicare managed care: Advantage HMO/PPO…, D-SNPs) and 14* (dual-eligible Medicare–Medicaid plans).</summary>
    public static bool IsMedicareAdvantage(Coverage coverage) => SoptCode(coverage) is ['1', '1', ..] or ['1', '4', ..];

    /// <summary>SOPT 1 (Medicare), 12* (non-managed Medicare) and 13* (hospice) are Original Medicare.</summary>
    public static bool IsOriginalMedicare(Coverage coverage) => SoptCode(coverage) is "1" or ['1', '2', ..] or ['1', '3', ..];

    /// <summary>A D-SNP is an Advantage plan: told apart only to name it (SOPT 14*, or a plan called a SNP).</summary>
    public static bool IsDsnp(Coverage coverage) =>
        SoptCode(coverage) is ['1', '4', ..] || coverage.Class.Any(c => (c.Name ?? c.Value ?? "").Contains("SNP", StringComparison.OrdinalIgnoreCase));

    /// <summary>SOPT 21* (Medicaid managed care): the member is enrolled with an MCO; 2 alone is fee-for-service.</summary>
    public static bool IsMedicaidManagedCare(Coverage coverage) => SoptCode(coverage) is ['2', '1', ..];

    /// <summary>Whether the Coverage's classes name a Medicare part, e.g. <c>Part A</c>.</summary>
    public static bool HasPart(Coverage coverage, char part) =>
        coverage.Class.Any(c => Names(c).Any(n => n.Contains($"Part {part}", StringComparison.OrdinalIgnoreCase)));

    /// <summary>The plan name (Coverage.class of type plan), e.g. the MCO's product.</summary>
    public static string? PlanName(Coverage coverage) => coverage.Class.FirstOrDefault(c => c.Name is not null)?.Name;

    /// <summary>Active status and a period that covers the date (open ends count; partial dates cover their whole month/year).</summary>
    public static bool InForce(Coverage coverage, DateOnly date) =>
        coverage.Status is null or FinancialResourceStatusCodes.Active && Covers(coverage.Period, date);

    public static bool Covers(Period? period, DateOnly date) =>
        (FhirDates.Start(period?.Start) is not { } start || start <= date) && (FhirDates.End(period?.End) is not { } end || end >= date);

    public static string Describe(Period? period) => $"{period?.Start ?? "…"} to {period?.End ?? "open"}";

    private static IEnumerable<string> Names(Coverage.ClassComponent c) => new[] { c.Value, c.Name }.OfType<string>();
}
