using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>The organisations the ACO's records point at, all local to aco-sandbox.</summary>
internal sealed class AcoOrganizations(SeedSource source)
{
    public ResourceReference Aco { get; } = Add(source, "Sampleville LEAD ACO (synthetic)", "prov");
    public ResourceReference Medicare { get; } = Add(source, "Medicare (CMS, synthetic feed)", "pay");
    public ResourceReference MaPlan { get; } = Add(source, "Synthetic Advantage Health Plan", "pay");
    public ResourceReference DsnpPlan { get; } = Add(source, "Synthetic Dual Complete Plan", "pay");
    public ResourceReference Hospital { get; } = Add(source, "Sampleville General Hospital (synthetic)", "prov");
    public ResourceReference DmeSupplier { get; } = Add(source, "Fixture Medical Supply (synthetic)", "prov");
    public ResourceReference HomeHealthAgency { get; } = Add(source, "Mock Home Health Agency (synthetic)", "prov");

    // The Medicaid side of the care team, as the ACO's directory knows it.
    public ResourceReference MedicaidAgency { get; } = Add(source, "State Medicaid Agency (synthetic, OH)", "govt");
    public IReadOnlyList<ResourceReference> Mcos { get; } =
        [Add(source, MedicaidOrganizations.McoNames[0], "pay"), Add(source, MedicaidOrganizations.McoNames[1], "pay")];

    private static ResourceReference Add(SeedSource source, string name, string type) =>
        SeedFhir.Ref(source.Add(SeedFhir.Organization(name, type)));
}

/// <summary>
/// Practitioner pools that grow slowly with the population (one PCP per ~200 people), so the practitioner count
/// stays small next to the patient count, as in a real panel.
/// </summary>
internal sealed class AcoStaff
{
    private readonly ResourceReference[] primaryCare;
    private readonly ResourceReference[] careManagers;
    private readonly ResourceReference[] coordinators;

    public AcoStaff(SeedSource source, int people)
    {
        primaryCare = Pool(source, 2 + (people / 200), "Dr.", 0);
        careManagers = Pool(source, 1 + (people / 300), "RN", 5);
        coordinators = Pool(source, 1 + (people / 300), "MSW", 11);
    }

    public ResourceReference PrimaryCare(int personIndex) => primaryCare[personIndex % primaryCare.Length];

    public ResourceReference CareManager(int personIndex) => careManagers[personIndex % careManagers.Length];

    public ResourceReference MedicaidCoordinator(int personIndex) => coordinators[personIndex % coordinators.Length];

    private static ResourceReference[] Pool(SeedSource source, int size, string qualification, int offset)
    {
        var pool = new ResourceReference[size];
        for (var i = 0; i < size; i++)
        {
            var given = SeedCatalog.GivenFemale[(i + offset) % SeedCatalog.GivenFemale.Length];
            var family = SeedCatalog.Family[(i * 7 + offset) % SeedCatalog.Family.Length];
            var practitioner = SeedFhir.Practitioner(given, family, qualification);
            practitioner.Identifier.Add(new Identifier(SeedFhir.Npi, $"99{offset:D2}{i:D6}"));
            pool[i] = SeedFhir.Ref(source.Add(practitioner));
        }

        return pool;
    }
}
