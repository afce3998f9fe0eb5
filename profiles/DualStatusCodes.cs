namespace Lead.Profiles;

/// <summary>
/// The CMS monthly dual status codes (ResDAC; domain.md), in one place for the profiles, the rules, the sandbox data
/// and the eligibility check. The CodeSystem resource in <c>definitions/</c> carries the same codes for validators.
/// </summary>
public static class DualStatusCodes
{
    /// <summary>Codes with full Medicaid benefits: 02, 04, 08.</summary>
    public static readonly IReadOnlySet<string> FullBenefit = new HashSet<string>(StringComparer.Ordinal) { "02", "04", "08" };

    /// <summary>Codes with partial benefits (Medicare Savings Programs only): 01, 03, 05, 06.</summary>
    public static readonly IReadOnlySet<string> PartialBenefit = new HashSet<string>(StringComparer.Ordinal) { "01", "03", "05", "06" };

    /// <summary>The code's meaning, or null for a code outside the ResDAC table.</summary>
    public static string? Display(string? code) => code switch
    {
        "01" => "QMB only",
        "02" => "QMB plus full Medicaid",
        "03" => "SLMB only",
        "04" => "SLMB plus full Medicaid",
        "05" => "QDWI",
        "06" => "QI",
        "08" => "Other full-benefit dual",
        "09" => "Other dual, no Medicaid",
        _ => null,
    };

    /// <summary>Medicaid pays Medicare premiums for every dual code but 09.</summary>
    public static bool MedicaidPaysPremiums(string? code) => code is not null && (FullBenefit.Contains(code) || PartialBenefit.Contains(code));

    /// <summary>Medicaid pays Medicare cost-sharing for QMBs (01, 02) and full-benefit duals (04, 08).</summary>
    public static bool MedicaidPaysCostSharing(string? code) => code is "01" or "02" or "04" or "08";
}
