using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>The ACO's Medicare claims view: Medicare paid these, Medicaid may cross over the cost-sharing.</summary>
internal static class AcoClaims
{
    public const decimal OfficeVisitBilled = 180m;
    public const decimal InpatientPerDay = 2400m;

    public static void Add(SeedSource source, SeedPerson person, ResourceReference patient, ResourceReference coverage,
        ResourceReference pcp, AcoOrganizations orgs)
    {
        var insurance = new[] { (coverage, true) };
        foreach (var day in person.OfficeVisits)
        {
            var (_, paid, _) = ClaimResources.MedicareSplit(OfficeVisitBilled);
            source.Add(ClaimResources.Eob(ClaimCategory.Professional, patient, orgs.Medicare, pcp, insurance, day, day,
                new ClaimLine(SeedFhir.Cpt, "99214", "Office or other outpatient visit, established patient", OfficeVisitBilled, paid),
                medicareFeed: true));
        }

        if (person.Stay is { } stay)
        {
            var billed = InpatientPerDay * (stay.Discharge.DayNumber - stay.Admit.DayNumber);
            var (_, paid, _) = ClaimResources.MedicareSplit(billed);
            source.Add(ClaimResources.Eob(ClaimCategory.Inpatient, patient, orgs.Medicare, orgs.Hospital, insurance,
                stay.Admit, stay.Discharge,
                new ClaimLine("https://www.nubc.org/CodeSystem/RevenueCodes", "0120", "Room & board - semi-private", billed, paid),
                medicareFeed: true));
        }

        foreach (var service in person.MedicareServices)
        {
            var (_, paid, _) = ClaimResources.MedicareSplit(service.Billed);
            var provider = service.Kind == ServiceKind.Dme ? orgs.DmeSupplier : orgs.HomeHealthAgency;
            source.Add(ClaimResources.Eob(ClaimResources.CategoryOf(service.Kind), patient, orgs.Medicare, provider, insurance,
                service.Date, service.Date, new ClaimLine(SeedFhir.Hcpcs, service.Hcpcs, service.Display, service.Billed, paid),
                medicareFeed: true));
        }
    }
}
