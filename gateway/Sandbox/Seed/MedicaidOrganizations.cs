using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>The state Medicaid system's payers and providers, all local to medicaid-sandbox.</summary>
internal sealed class MedicaidOrganizations(SeedSource source)
{
    public static readonly string[] McoNames = ["Sample Health MCO (synthetic)", "Fixture Care MCO (synthetic)"];

    public ResourceReference Agency { get; } = Add(source, "State Medicaid Agency (synthetic, OH)", "govt");
    public IReadOnlyList<ResourceReference> Mcos { get; } = [Add(source, McoNames[0], "pay"), Add(source, McoNames[1], "pay")];

    // Medicare payers, known to the state for coordination of benefits (the order-1 Coverage copies point here).
    public ResourceReference Medicare { get; } = Add(source, "Medicare (CMS, synthetic)", "pay");
    public ResourceReference MaPlan { get; } = Add(source, "Synthetic Advantage Health Plan", "pay");
    public ResourceReference DsnpPlan { get; } = Add(source, "Synthetic Dual Complete Plan", "pay");

    public ResourceReference Clinic { get; } = Add(source, "Sampleville Community Clinic (synthetic)", "prov");
    public ResourceReference HcbsAgency { get; } = Add(source, "Seedley Home and Community Services (synthetic)", "prov");
    public ResourceReference DmeSupplier { get; } = Add(source, "Fixture Medical Supply (synthetic)", "prov");
    public ResourceReference HomeHealthAgency { get; } = Add(source, "Mock Home Health Agency (synthetic)", "prov");

    public ResourceReference MedicarePayorFor(SeedPerson person) => person.Cohort switch
    {
        SeedCohort.MedicareAdvantage => MaPlan,
        SeedCohort.Dsnp => DsnpPlan,
        _ => Medicare,
    };

    public ResourceReference MedicaidPayorFor(SeedPerson person) => person.MedicaidManaged ? Mcos[person.McoIndex] : Agency;

    public static string PlanName(SeedPerson person) =>
        person.MedicaidManaged ? McoNames[person.McoIndex] : "Medicaid fee-for-service (synthetic, OH)";

    public ResourceReference ProviderFor(ServiceKind kind) => kind switch
    {
        ServiceKind.Dme => DmeSupplier,
        ServiceKind.HomeHealth => HomeHealthAgency,
        _ => HcbsAgency,
    };

    private static ResourceReference Add(SeedSource source, string name, string type) =>
        SeedFhir.Ref(source.Add(SeedFhir.Organization(name, type)));
}
