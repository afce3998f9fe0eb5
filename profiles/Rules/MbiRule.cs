using Hl7.Fhir.Model;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Rules;

/// <summary>
/// Every MBI the gateway accepts must be well-formed, whichever profile the resource claims: a malformed MBI
/// breaks the MBI ↔ Medicaid ID crosswalk. LeadPatient's own invariant covers Patient.identifier when it applies.
/// </summary>
internal static class MbiRule
{
    public static void Check(Resource resource, string prefix, IReadOnlySet<string> appliedProfiles, List<OperationOutcome.IssueComponent> issues)
    {
        switch (resource)
        {
            case Patient patient when !appliedProfiles.Contains(LeadCanonicals.LeadPatientProfile):
                CheckAll(patient.Identifier, prefix + ".identifier", issues);
                break;
            case Coverage coverage:
                CheckAll(coverage.Identifier, prefix + ".identifier", issues);
                CheckOne(coverage.Beneficiary?.Identifier, prefix + ".beneficiary.identifier", issues);
                break;
            case Group group:
                for (var i = 0; i < group.Member.Count; i++)
                {
                    CheckOne(group.Member[i].Entity?.Identifier, $"{prefix}.member[{i}].entity.identifier", issues);
                }

                break;
        }
    }

    private static void CheckAll(List<Identifier> identifiers, string path, List<OperationOutcome.IssueComponent> issues)
    {
        for (var i = 0; i < identifiers.Count; i++)
        {
            CheckOne(identifiers[i], $"{path}[{i}]", issues);
        }
    }

    private static void CheckOne(Identifier? identifier, string path, List<OperationOutcome.IssueComponent> issues)
    {
        if (identifier?.System == LeadCanonicals.MbiSystem && !MbiFormat.IsValid(identifier.Value))
        {
            issues.Add(Issues.Error(
                OperationOutcome.IssueType.BusinessRule,
                $"MBI '{identifier.Value}' is not a well-formed Medicare Beneficiary Identifier (11 upper-case characters, CMS position rules, no S/L/O/I/B/Z)",
                path + ".value"));
        }
    }
}
