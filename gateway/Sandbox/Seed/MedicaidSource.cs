using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// medicaid-sandbox: the state's eligibility and claims (T-MSIS-like). Everyone is here: duals with their MBI,
/// Medicaid-only people without one.
/// </summary>
internal sealed class MedicaidSource(SeedSource source)
{
    private readonly MedicaidOrganizations orgs = new(source);

    /// <summary>Renders one person (everyone is a Medicaid enrollee); returns the Patient id.</summary>
    public string? Add(SeedPerson person)
    {
        var patient = source.Add(SeedFhir.Patient(person, Identifiers(person)));
        var patientRef = SeedFhir.Ref(patient);

        ResourceReference? medicare = person.HasMedicare
            ? SeedFhir.Ref(source.Add(CoverageResources.Medicare(person, patientRef, orgs.MedicarePayorFor(person))))
            : null;
        var medicaid = SeedFhir.Ref(source.Add(
            CoverageResources.Medicaid(person, patientRef, orgs.MedicaidPayorFor(person), MedicaidOrganizations.PlanName(person))));

        AddClaims(person, patientRef, medicare, medicaid);
        return patient.Id;
    }

    private static IEnumerable<Identifier> Identifiers(SeedPerson person)
    {
        yield return SeedFhir.Identifier(SyntheticPopulation.MedicaidIdSystem, person.MedicaidId, "MA");
        if (person.Mbi is { } mbi)
        {
            yield return SeedFhir.Identifier(LeadCanonicals.MbiSystem, mbi, "MC");
        }
    }

    private void AddClaims(SeedPerson person, ResourceReference patient, ResourceReference? medicare, ResourceReference medicaid)
    {
        var insurer = orgs.MedicaidPayorFor(person);
        var alone = new[] { (medicaid, true) };

        // Crossovers: Medicare paid first, Medicaid covers the cost-sharing (QMB and full-benefit duals only).
        if (medicare is not null && person.InOriginalMedicare && person.MedicaidPaysCostSharing)
        {
            var crossover = new[] { (medicare, false), (medicaid, true) };
            var visit = person.OfficeVisits[0];
            var (_, medicarePaid, costSharing) = ClaimResources.MedicareSplit(AcoClaims.OfficeVisitBilled);
            source.Add(ClaimResources.Eob(ClaimCategory.Professional, patient, insurer, orgs.Clinic, crossover, visit, visit,
                new ClaimLine(SeedFhir.Cpt, "99214", "Office or other outpatient visit, established patient",
                    AcoClaims.OfficeVisitBilled, costSharing, medicarePaid), medicareFeed: false));

            foreach (var service in person.MedicareServices)
            {
                (_, medicarePaid, costSharing) = ClaimResources.MedicareSplit(service.Billed);
                source.Add(ClaimResources.Eob(ClaimResources.CategoryOf(service.Kind), patient, insurer, orgs.ProviderFor(service.Kind),
                    crossover, service.Date, service.Date,
                    new ClaimLine(SeedFhir.Hcpcs, service.Hcpcs, service.Display, service.Billed, costSharing, medicarePaid),
                    medicareFeed: false));
            }
        }
        else if (!person.HasMedicare)
        {
            // Medicaid-only: Medicaid is the only payer, so it pays primary for the visit.
            var visit = person.OfficeVisits[0];
            source.Add(ClaimResources.Eob(ClaimCategory.Professional, patient, insurer, orgs.Clinic, alone, visit, visit,
                new ClaimLine(SeedFhir.Cpt, "99214", "Office or other outpatient visit, established patient",
                    AcoClaims.OfficeVisitBilled, Math.Round(AcoClaims.OfficeVisitBilled * 0.6m, 2)), medicareFeed: false));
        }

        // HCBS/LTSS is Medicaid's alone. A DME/home-health line here, for a Medicare beneficiary, with no Medicare
        // payment before it, is the payer-of-last-resort finding left in the data on purpose (unmarked: detection's job).
        foreach (var service in person.MedicaidServices)
        {
            var paid = Math.Round(service.Billed * (service.Kind == ServiceKind.Hcbs ? 0.85m : 0.6m), 2);
            source.Add(ClaimResources.Eob(ClaimResources.CategoryOf(service.Kind), patient, insurer, orgs.ProviderFor(service.Kind),
                alone, service.Date, service.Date,
                new ClaimLine(SeedFhir.Hcpcs, service.Hcpcs, service.Display, service.Billed, paid), medicareFeed: false));
        }
    }
}
