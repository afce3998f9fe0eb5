using Lead.Gateway.Sandbox;

namespace Lead.Gateway.Routing;

/// <summary>Unified-base rules used in sandbox mode when none are configured: eligibility to Medicaid, the rest to the ACO.</summary>
internal static class SandboxDefaults
{
    public static readonly IReadOnlyList<RoutingRule> Rules =
    [
        new() { ResourceTypes = ["Coverage", "CoverageEligibilityRequest", "CoverageEligibilityResponse"], Source = SandboxSources.Medicaid },
        new()
        {
            ResourceTypes =
            [
                "Patient", "Encounter", "Condition", "Observation", "CarePlan", "CareTeam", "Group", "ExplanationOfBenefit",
                "Organization", "Practitioner", "RiskAssessment", "Procedure", "MedicationRequest", "AllergyIntolerance",
                "Immunization", "DiagnosticReport",
            ],
            Source = SandboxSources.Aco,
        },
    ];
}
