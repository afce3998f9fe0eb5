using Hl7.Fhir.Model;

namespace Lead.Profiles.Rules;

/// <summary>LEAD rules a StructureDefinition cannot express on its own (cross-resource, or needing the dual status table).</summary>
internal static class DomainRules
{
    /// <summary>Rules on one resource; <paramref name="prefix"/> is its FHIRPath location, <paramref name="bundle"/> its enclosing Bundle if any.</summary>
    public static IEnumerable<OperationOutcome.IssueComponent> Check(Resource resource, string prefix, Bundle? bundle, IReadOnlySet<string> appliedProfiles)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        MbiRule.Check(resource, prefix, appliedProfiles, issues);
        if (resource is Coverage coverage)
        {
            DualBenefitRule.Check(coverage, prefix, issues);
        }

        if (resource is Group group)
        {
            AttributionCoverageRule.Check(group, prefix, bundle, issues);
        }

        return issues;
    }

    /// <summary>Rules across the entries of a Bundle.</summary>
    public static IEnumerable<OperationOutcome.IssueComponent> CheckBundle(Bundle bundle)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        CoverageOrderRule.Check(bundle, issues);
        return issues;
    }
}
