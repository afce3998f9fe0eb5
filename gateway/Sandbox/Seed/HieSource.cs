using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// hie-sandbox: the regional HIE's MPI and the hospital ADT / results it relays. Identifier quality varies on
/// purpose: most records carry the MBI, some only the Medicaid ID, some nothing a crosswalk can use.
/// </summary>
internal sealed class HieSource(SeedSource source)
{
    private readonly ResourceReference general = Hospital(source, "Sampleville General Hospital (synthetic)");
    private readonly ResourceReference county = Hospital(source, "Mock County Medical Center (synthetic)");

    /// <summary>Renders one person; returns the Patient id, or null when the HIE has never seen the person.</summary>
    public string? Add(SeedPerson person)
    {
        if (person.Hie == HieIdentity.Absent)
        {
            return null;
        }

        var random = source.Random;
        var patient = source.Add(SeedFhir.Patient(person, Identifiers(person, random)));
        var patientRef = SeedFhir.Ref(patient);

        ResourceReference? encounter = null;
        var day = person.OfficeVisits[^1];
        if (person.Stay is { } stay)
        {
            encounter = SeedFhir.Ref(source.Add(ClinicalResources.Hospital(patientRef, "IMP", stay.Admit, stay.Discharge,
                stay.DispositionCode, stay.DispositionDisplay, general)));
            day = stay.Admit;
        }

        if (person.EmergencyVisit is { } er)
        {
            var visit = SeedFhir.Ref(source.Add(ClinicalResources.Hospital(patientRef, "EMER", er, er, "home", "Home", county)));
            if (encounter is null)
            {
                (encounter, day) = (visit, er);
            }
        }

        // The HIE sees a subset of the problem list: whatever the hospitals coded.
        var entries = person.Conditions.Take(2).Select(c => SeedCatalog.Conditions[c]).ToList();
        foreach (var entry in entries)
        {
            source.Add(ClinicalResources.Condition(patientRef, entry, day, problemList: encounter is null));
        }

        source.Add(ClinicalResources.Observation(patientRef, encounter, SeedCatalog.HeartRate, day, random));
        if (entries.Select(e => e.Lab).FirstOrDefault(l => l is not null) is { } lab)
        {
            source.Add(ClinicalResources.Observation(patientRef, encounter, lab, day, random));
        }

        return patient.Id;
    }

    private static IEnumerable<Identifier> Identifiers(SeedPerson person, Random random)
    {
        yield return SeedFhir.Identifier(LeadCanonicals.SandboxHieMpiSystem, person.HieMpiId, "PI");
        switch (person.Hie)
        {
            case HieIdentity.MpiAndMbi:
                yield return SeedFhir.Identifier(LeadCanonicals.MbiSystem, person.Mbi!, "MC");
                // Some hospitals also capture the Medicaid card.
                if (random.Next(100) < 30)
                {
                    yield return SeedFhir.Identifier(SyntheticPopulation.MedicaidIdSystem, person.MedicaidId, "MA");
                }

                break;
            case HieIdentity.MpiAndMedicaidId:
                yield return SeedFhir.Identifier(SyntheticPopulation.MedicaidIdSystem, person.MedicaidId, "MA");
                break;
            default:
                // Demographics only: the gateway must not guess a link from the MPI id alone.
                break;
        }
    }

    private static ResourceReference Hospital(SeedSource source, string name) =>
        SeedFhir.Ref(source.Add(SeedFhir.Organization(name, "prov")));
}
