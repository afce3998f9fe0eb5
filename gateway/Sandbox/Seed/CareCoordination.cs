using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>Who coordinates a person's care: the parties of LEAD's integrated model of care.</summary>
internal sealed record CareTeamMembers(
    ResourceReference PrimaryCare,
    ResourceReference AcoCareManager,
    ResourceReference Aco,
    ResourceReference MedicaidCoordinator,
    ResourceReference MedicaidOrganization);

/// <summary>
/// The integrated model of care: one CareTeam with the ACO's Medicare care manager and the Medicaid/MCO care
/// coordinator, and the CarePlan they share. This is what the care-coordination features exchange.
/// </summary>
internal static class CareCoordination
{
    public static CareTeam Team(ResourceReference patient, CareTeamMembers members, DateOnly start) => new()
    {
        Status = CareTeam.CareTeamStatus.Active,
        Category = [SeedFhir.Concept(SeedFhir.Loinc, "LA28865-6", "Longitudinal care-coordination focused care team")],
        Name = "Integrated Medicare-Medicaid care team",
        Subject = patient,
        Period = SeedFhir.Period(start),
        Participant =
        [
            Member("primary-care", "Primary care clinician", members.PrimaryCare, members.Aco),
            Member("aco-care-manager", "Medicare ACO care manager", members.AcoCareManager, members.Aco),
            Member("medicaid-care-coordinator", "Medicaid / MCO care coordinator", members.MedicaidCoordinator, members.MedicaidOrganization),
        ],
        ManagingOrganization = [members.Aco],
    };

    public static CarePlan Plan(ResourceReference patient, ResourceReference team, ResourceReference author,
        IEnumerable<ResourceReference> addresses, DateOnly start, bool hcbs) => new()
    {
        Status = RequestStatus.Active,
        Intent = CarePlan.CarePlanIntent.Plan,
        Category = [SeedFhir.Concept("http://hl7.org/fhir/us/core/CodeSystem/careplan-category", "assess-plan", "Assessment and Plan of Treatment")],
        Title = "Integrated Medicare-Medicaid care plan",
        Description = "Shared plan of the ACO care manager and the Medicaid care coordinator.",
        Subject = patient,
        Period = SeedFhir.Period(start),
        Author = author,
        CareTeam = [team],
        Addresses = [.. addresses],
        Activity =
        [
            Activity("Monthly care-manager outreach and medication reconciliation"),
            Activity(hcbs
                ? "Coordinate home and community-based services with the Medicaid care coordinator"
                : "Review Medicaid eligibility and benefits with the Medicaid care coordinator"),
        ],
    };

    private static CareTeam.ParticipantComponent Member(string code, string display, ResourceReference who, ResourceReference onBehalfOf) => new()
    {
        Role = [SeedFhir.Concept(SeedFhir.CareTeamRoleSystem, code, display)],
        Member = who,
        OnBehalfOf = onBehalfOf,
    };

    private static CarePlan.ActivityComponent Activity(string description) => new()
    {
        Detail = new CarePlan.DetailComponent
        {
            Status = CarePlan.CarePlanActivityStatus.InProgress,
            Description = description,
        },
    };
}
