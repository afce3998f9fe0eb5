using Hl7.Fhir.Model;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Rules;

/// <summary>
/// A Medicaid Coverage stating full (or partial) benefits must carry a dual status code of that benefit level:
/// full only with 02, 04 or 08 (ResDAC table in domain.md, mirrored by the benefit property of the dual-status CodeSystem).
/// </summary>
internal static class DualBenefitRule
{
    public static readonly IReadOnlySet<string> FullBenefitCodes = DualStatusCodes.FullBenefit;

    public static readonly IReadOnlySet<string> PartialBenefitCodes = DualStatusCodes.PartialBenefit;

    public static void Check(Coverage coverage, string prefix, List<OperationOutcome.IssueComponent> issues)
    {
        var benefitIndex = coverage.Extension.FindIndex(e => e.Url == LeadCanonicals.DualBenefitExtension);
        if (benefitIndex < 0 || coverage.Extension[benefitIndex].Value is not Code { Value: { } benefit })
        {
            return;
        }

        var status = coverage.Extension.FirstOrDefault(e => e.Url == LeadCanonicals.DualStatusExtension)?.Value as Coding;
        var code = status?.System == LeadCanonicals.DualStatusCodeSystem ? status.Code : null;
        var path = $"{prefix}.extension[{benefitIndex}]";
        if (benefit == "full" && (code is null || !FullBenefitCodes.Contains(code)))
        {
            issues.Add(Issues.Error(
                OperationOutcome.IssueType.BusinessRule,
                $"Full-benefit dual status requires dual status code 02, 04 or 08; found '{code ?? "none"}'",
                path));
        }
        else if (benefit == "partial" && (code is null || !PartialBenefitCodes.Contains(code)))
        {
            issues.Add(Issues.Error(
                OperationOutcome.IssueType.BusinessRule,
                $"Partial-benefit dual status requires dual status code 01, 03, 05 or 06; found '{code ?? "none"}'",
                path));
        }
    }
}
