using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Eligibility;

/// <summary>What a dual status code means for Medicaid benefits (ResDAC table in docs/domain.md; secondary sources shift it).</summary>
internal enum DualBenefit
{
    /// <summary>02, 04, 08: full Medicaid benefits, LEAD's Medicaid-integration target.</summary>
    Full,

    /// <summary>01, 03, 05, 06: Medicare Savings Program only.</summary>
    Partial,

    /// <summary>09: in CMS dual data, yet no Medicaid benefits.</summary>
    NoMedicaid,

    /// <summary>A code outside the table: never guessed into one of the others.</summary>
    Unrecognized,
}

/// <summary>A dual status code as read for one date, and where it came from (the month's history entry or the current code).</summary>
internal sealed record DualStatusReading(string Code, DualBenefit Benefit, string? HistoryMonth)
{
    public string Display => DualStatus.Display(Code);
}

internal static class DualStatus
{
    public static DualBenefit BenefitOf(string code) =>
        DualStatusCodes.FullBenefit.Contains(code) ? DualBenefit.Full
        : DualStatusCodes.PartialBenefit.Contains(code) ? DualBenefit.Partial
        : code == "09" ? DualBenefit.NoMedicaid
        : DualBenefit.Unrecognized;

    public static string Display(string code) => DualStatusCodes.Display(code) ?? "Unrecognized dual status code";

    /// <summary>Whether Medicaid pays Medicare premiums / cost-sharing for this code (Medicare Savings Programs and full duals).</summary>
    public static bool PaysPremiums(string code) => DualStatusCodes.MedicaidPaysPremiums(code);

    /// <summary>QMB (01, 02) and the other full-benefit codes have Medicare cost-sharing paid by Medicaid.</summary>
    public static bool PaysCostSharing(string code) => DualStatusCodes.MedicaidPaysCostSharing(code);

    /// <summary>
    /// The code for <paramref name="date"/>: the <c>dual-status-history</c> entry of that month when the Coverage carries
    /// one, else the current <c>dual-status</c> code; null when the Coverage has neither.
    /// </summary>
    public static DualStatusReading? ReadFor(Coverage coverage, DateOnly date)
    {
        foreach (var history in coverage.Extension.Where(e => e.Url == LeadCanonicals.DualStatusHistoryExtension))
        {
            var month = (history.GetExtension("month")?.Value as Date)?.Value;
            var code = (history.GetExtension("code")?.Value as Coding)?.Code;
            if (month is { Length: >= 7 } && code is not null && month[..7] == date.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture))
            {
                return new DualStatusReading(code, BenefitOf(code), month[..7]);
            }
        }

        var current = (coverage.GetExtension(LeadCanonicals.DualStatusExtension)?.Value as Coding)?.Code;
        return current is null ? null : new DualStatusReading(current, BenefitOf(current), null);
    }
}
