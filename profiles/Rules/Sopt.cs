using Hl7.Fhir.Model;

namespace Lead.Profiles.Rules;

/// <summary>Reads the Source of Payment Typology code of a Coverage: 1* Medicare, 11* Medicare Advantage, 2* Medicaid.</summary>
internal static class Sopt
{
    public static string? Code(Coverage coverage) =>
        coverage.Type?.Coding.FirstOrDefault(c => c.System == LeadCanonicals.SopTypology && !string.IsNullOrEmpty(c.Code))?.Code;

    public static bool IsMedicare(Coverage coverage) => Code(coverage)?.StartsWith('1') ?? false;

    public static bool IsMedicaid(Coverage coverage) => Code(coverage)?.StartsWith('2') ?? false;

    public static bool IsMedicareAdvantage(Coverage coverage) => Code(coverage)?.StartsWith("11", StringComparison.Ordinal) ?? false;
}
