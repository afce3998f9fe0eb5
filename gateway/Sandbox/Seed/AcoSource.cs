using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// aco-sandbox: the LEAD ACO's EHR plus its Medicare claims view (BCDA-like). Medicaid-only people never appear:
/// the ACO only knows Medicare beneficiaries.
/// </summary>
internal static class AcoSource
{
    public static string?[] Build(IReadOnlyList<SeedPerson> people, SeedSource source)
    {
        var orgs = new AcoOrganizations(source);
        var staff = new AcoStaff(source, people.Count);
        var patientIds = new string?[people.Count];
        var roster = new List<(ResourceReference, ResourceReference)>();

        foreach (var person in people)
        {
            if (!person.HasMedicare)
            {
                continue;
            }

            var patient = source.Add(SeedFhir.Patient(person, Identifiers(person)));
            patientIds[person.Index] = patient.Id;
            var patientRef = SeedFhir.Ref(patient);
            var payor = person.Cohort switch
            {
                SeedCohort.MedicareAdvantage => orgs.MaPlan,
                SeedCohort.Dsnp => orgs.DsnpPlan,
                _ => orgs.Medicare,
            };
            var coverage = source.Add(CoverageResources.Medicare(person, patientRef, payor));
            var pcp = staff.PrimaryCare(person.Index);

            var conditions = AddClinical(source, person, patientRef, pcp, orgs);
            if (!person.InOriginalMedicare)
            {
                // MA and D-SNP claims go to the plan, not to the ACO's Medicare feed, and they are not attributable.
                continue;
            }

            roster.Add((patientRef, SeedFhir.Ref(coverage)));
            if (person.FullBenefit)
            {
                AddCareCoordination(source, person, patientRef, pcp, staff, orgs, conditions);
            }

            AcoClaims.Add(source, person, patientRef, SeedFhir.Ref(coverage), pcp, orgs);
        }

        source.AddWithId(AttributionRoster.Create(orgs.Aco, roster), SyntheticPopulation.AttributionGroupId);
        return patientIds;
    }

    private static IEnumerable<Identifier> Identifiers(SeedPerson person)
    {
        yield return SeedFhir.Identifier(SeedFhir.AcoMrnSystem, $"A{person.Index + 1:D7}", "MR");
        yield return SeedFhir.Identifier(Lead.Profiles.LeadCanonicals.MbiSystem, person.Mbi!, "MC");
        if (person.AcoKnowsMedicaidId)
        {
            yield return SeedFhir.Identifier(SyntheticPopulation.MedicaidIdSystem, person.MedicaidId, "MA");
        }
    }

    private static List<ResourceReference> AddClinical(SeedSource source, SeedPerson person, ResourceReference patient,
        ResourceReference pcp, AcoOrganizations orgs)
    {
        var random = source.Random;
        var encounters = person.OfficeVisits
            .Select(day => SeedFhir.Ref(source.Add(ClinicalResources.Ambulatory(patient, day, pcp, orgs.Aco))))
            .ToList();
        var first = person.OfficeVisits[0];
        var last = person.OfficeVisits[^1];

        source.Add(ClinicalResources.Observation(patient, encounters[0], SeedCatalog.BodyWeight, vital: true, first, random));
        source.Add(ClinicalResources.Observation(patient, encounters[0], SeedCatalog.HeartRate, vital: true, first, random));

        var conditions = new List<ResourceReference>(person.Conditions.Count);
        foreach (var entry in person.Conditions.Select(c => SeedCatalog.Conditions[c]))
        {
            conditions.Add(SeedFhir.Ref(source.Add(ClinicalResources.Condition(patient, entry, first, problemList: true))));
            if (entry.Lab is { } lab)
            {
                source.Add(ClinicalResources.Observation(patient, encounters[^1], lab, vital: false, last, random));
            }
        }

        if (person.Stay is { } stay)
        {
            source.Add(ClinicalResources.Hospital(patient, "IMP", stay.Admit, stay.Discharge,
                stay.DispositionCode, stay.DispositionDisplay, orgs.Hospital));
        }

        return conditions;
    }

    private static void AddCareCoordination(SeedSource source, SeedPerson person, ResourceReference patient,
        ResourceReference pcp, AcoStaff staff, AcoOrganizations orgs, List<ResourceReference> conditions)
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
