using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// aco-sandbox: the LEAD ACO's EHR plus its Medicare claims view (BCDA-like). Medicaid-only people never appear:
/// the ACO only knows Medicare beneficiaries.
/// </summary>
internal sealed class AcoSource(SeedSource source, int people)
{
    private readonly AcoOrganizations orgs = new(source);
    private readonly AcoStaff staff = new(source, people);
    private readonly List<(ResourceReference, ResourceReference)> roster = [];

    /// <summary>Renders one person; returns the Patient id, or null when the ACO does not know the person.</summary>
    public string? Add(SeedPerson person)
    {
        if (!person.HasMedicare)
        {
            return null;
        }

        var patient = source.Add(SeedFhir.Patient(person, Identifiers(person)));
        var patientRef = SeedFhir.Ref(patient);
        var payor = person.Cohort switch
        {
            SeedCohort.MedicareAdvantage => orgs.MaPlan,
            SeedCohort.Dsnp => orgs.DsnpPlan,
            _ => orgs.Medicare,
        };
        var coverage = source.Add(CoverageResources.Medicare(person, patientRef, payor));
        var pcp = staff.PrimaryCare(person.Index);

        var conditions = AddClinical(person, patientRef, pcp);
        if (!person.InOriginalMedicare)
        {
            // MA and D-SNP claims go to the plan, not to the ACO's Medicare feed, and they are not attributable.
            return patient.Id;
        }

        roster.Add((patientRef, SeedFhir.Ref(coverage)));
        if (person.FullBenefit)
        {
            AddCareCoordination(person, patientRef, pcp, conditions);
        }

        AcoClaims.Add(source, person, patientRef, SeedFhir.Ref(coverage), pcp, orgs);
        return patient.Id;
    }

    /// <summary>The roster comes last: it lists everyone attributed.</summary>
    public void Complete() => source.AddWithId(AttributionRoster.Create(orgs.Aco, roster), SyntheticPopulation.AttributionGroupId);

    private static IEnumerable<Identifier> Identifiers(SeedPerson person)
    {
        yield return SeedFhir.Identifier(SeedFhir.AcoMrnSystem, $"A{person.Index + 1:D7}", "MR");
        yield return SeedFhir.Identifier(LeadCanonicals.MbiSystem, person.Mbi!, "MC");
        if (person.AcoKnowsMedicaidId)
        {
            yield return SeedFhir.Identifier(SyntheticPopulation.MedicaidIdSystem, person.MedicaidId, "MA");
        }
    }

    private List<ResourceReference> AddClinical(SeedPerson person, ResourceReference patient, ResourceReference pcp)
    {
        var random = source.Random;
        var encounters = person.OfficeVisits
            .Select(day => SeedFhir.Ref(source.Add(ClinicalResources.Ambulatory(patient, day, pcp, orgs.Aco))))
            .ToList();
        var first = person.OfficeVisits[0];
        var last = person.OfficeVisits[^1];

        source.Add(ClinicalResources.Observation(patient, encounters[0], SeedCatalog.BodyWeight, first, random));
        source.Add(ClinicalResources.Observation(patient, encounters[0], SeedCatalog.HeartRate, first, random));

        var conditions = new List<ResourceReference>(person.Conditions.Count);
        foreach (var entry in person.Conditions.Select(c => SeedCatalog.Conditions[c]))
        {
            conditions.Add(SeedFhir.Ref(source.Add(ClinicalResources.Condition(patient, entry, first, problemList: true))));
            if (entry.Lab is { } lab)
            {
                source.Add(ClinicalResources.Observation(patient, encounters[^1], lab, last, random));
            }
        }

        if (person.Stay is { } stay)
        {
            source.Add(ClinicalResources.Hospital(patient, "IMP", stay.Admit, stay.Discharge,
                stay.DispositionCode, stay.DispositionDisplay, orgs.Hospital));
        }

        return conditions;
    }

    private void AddCareCoordination(SeedPerson person, ResourceReference patient, ResourceReference pcp,
        List<ResourceReference> conditions)
    {
        // Managed-care states coordinate through the MCO; fee-for-service states through the agency's case managers.
        var medicaidOrg = person.MedicaidManaged ? orgs.Mcos[person.McoIndex] : orgs.MedicaidAgency;
        var manager = staff.CareManager(person.Index);
        var members = new CareTeamMembers(pcp, manager, orgs.Aco, staff.MedicaidCoordinator(person.Index), medicaidOrg);
        var start = person.OfficeVisits[0];
        var team = source.Add(CareCoordination.Team(patient, members, start));
        source.Add(CareCoordination.Plan(patient, SeedFhir.Ref(team), manager, conditions, start,
            person.MedicaidServices.Any(s => s.Kind == ServiceKind.Hcbs)));
    }
}
