using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// Medicare and Medicaid Coverage. For a dual, Medicare orders first (1) and Medicaid last (2): Medicaid is
/// the payer of last resort, and the eligibility features read that from Coverage.order.
/// </summary>
internal static class CoverageResources
{
    private const string CoverageClass = "http://terminology.hl7.org/CodeSystem/coverage-class";
    private const string Relationship = "http://terminology.hl7.org/CodeSystem/subscriber-relationship";

    public static Coverage Medicare(SeedPerson person, ResourceReference patient, ResourceReference payor)
    {
        var coverage = Base(patient, payor, person.Mbi!, person.MedicareStart);
        coverage.Order = 1;
        switch (person.Cohort)
        {
            case SeedCohort.MedicareAdvantage:
                coverage.Type = SeedFhir.Concept(LeadCanonicals.SopTypology, "111", "Medicare HMO");
                coverage.Class = [Plan("H9901-001", "Synthetic Advantage HMO")];
                break;
            case SeedCohort.Dsnp:
                coverage.Type = SeedFhir.Concept(LeadCanonicals.SopTypology, "11", "Medicare (Managed Care)");
                coverage.Class = [Plan("H9902-002", "Synthetic Dual Complete (HMO D-SNP)")];
                break;
            default:
                // Original Medicare: one Coverage carrying both parts, as a Medicare card does.
                coverage.Type = SeedFhir.Concept(LeadCanonicals.SopTypology, "1", "MEDICARE");
                coverage.Class = [Plan("Part A", "Medicare Part A"), Plan("Part B", "Medicare Part B")];
                break;
        }

        return coverage;
    }

    public static Coverage Medicaid(SeedPerson person, ResourceReference patient, ResourceReference payor, string planName)
    {
        var coverage = Base(patient, payor, person.MedicaidId, person.MedicaidStart);
        coverage.Type = person.MedicaidManaged
            ? SeedFhir.Concept(LeadCanonicals.SopTypology, "21", "Medicaid (Managed Care)")
            : SeedFhir.Concept(LeadCanonicals.SopTypology, "2", "MEDICAID");
        coverage.Class = [Plan(person.MedicaidManaged ? $"OH-MCO-{person.McoIndex + 1}" : "OH-FFS", planName)];

        // Only a dual has a primary payer to come after; for Medicaid-only people order would claim a COB that does not exist.
        coverage.Order = person.HasMedicare ? 2 : null;

        // Code 09 keeps its Coverage: the record exists, yet the code says there are no Medicaid benefits behind it.
        if (person.DualCode is { } code)
        {
            coverage.Extension.Add(new Extension(LeadCanonicals.DualStatusExtension, DualCoding(code)));
        }

        foreach (var (month, monthCode) in person.DualHistory ?? [])
        {
            var history = new Extension { Url = LeadCanonicals.DualStatusHistoryExtension };
            history.Extension.Add(new Extension("month", new Date(SeedFhir.Day(month))));
            history.Extension.Add(new Extension("code", DualCoding(monthCode)));
            coverage.Extension.Add(history);
        }

        return coverage;
    }

    public static Coding DualCoding(string code) => SeedFhir.Coding(LeadCanonicals.DualStatusCodeSystem, code, DualStatusCodes.Display(code));

    private static Coverage Base(ResourceReference patient, ResourceReference payor, string subscriberId, DateOnly start) => new()
    {
        Status = FinancialResourceStatusCodes.Active,
        SubscriberId = subscriberId,
        Beneficiary = patient,
        Relationship = SeedFhir.Concept(Relationship, "self", "Self"),
        Period = SeedFhir.Period(start),
        Payor = [payor],
    };

    private static Coverage.ClassComponent Plan(string value, string name) => new()
    {
        Type = SeedFhir.Concept(CoverageClass, "plan", "Plan"),
        Value = value,
        Name = name,
    };
}
