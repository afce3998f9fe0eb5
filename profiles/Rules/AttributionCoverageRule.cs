using Hl7.Fhir.Model;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Rules;

/// <summary>
/// LEAD attributes only Original Medicare beneficiaries: a member whose attribution Coverage is Medicare
/// Advantage (SOPT 11*, e.g. a D-SNP) is flagged as a warning, since the roster may be stale rather than wrong.
/// </summary>
internal static class AttributionCoverageRule
{
    public static void Check(Group group, string prefix, Bundle? bundle, List<OperationOutcome.IssueComponent> issues)
    {
        for (var m = 0; m < group.Member.Count; m++)
        {
            var extensions = group.Member[m].Extension;
            for (var e = 0; e < extensions.Count; e++)
            {
                if (extensions[e].Url != LeadCanonicals.AttributionCoverageExtension || extensions[e].Value is not ResourceReference reference)
                {
                    continue;
                }

                if (BundleReferences.Resolve(bundle, group, reference.Reference)?.Resource is Coverage coverage && Sopt.IsMedicareAdvantage(coverage))
                {
                    issues.Add(Issues.Warning(
                        OperationOutcome.IssueType.BusinessRule,
                        $"Attribution coverage '{reference.Reference}' is Medicare Advantage (SOPT {Sopt.Code(coverage)}), not Original Medicare: the member is not LEAD-attributable",
                        $"{prefix}.member[{m}].extension[{e}]"));
                }
            }
        }
    }
}
