namespace Lead.Profiles;

/// <summary>Canonical URLs and identifier systems the LEAD profiles, the sandbox data and the gateway share.</summary>
public static class LeadCanonicals
{
    /// <summary>Base of every canonical URL this project defines.</summary>
    public const string Base = "https://lead-gateway.org/fhir";

    public const string StructureDefinitionBase = Base + "/StructureDefinition/";

    /// <summary>Medicare Beneficiary Identifier system (domain.md).</summary>
    public const string MbiSystem = "http://hl7.org/fhir/sid/us-mbi";

    /// <summary>Source of Payment Typology code system (Coverage.type).</summary>
    public const string SopTypology = "urn:oid:2.16.840.1.113883.3.221.5";

    /// <summary>LEAD CodeSystem of the ResDAC monthly dual status codes (01-06, 08, 09).</summary>
    public const string DualStatusCodeSystem = Base + "/CodeSystem/dual-status";

    /// <summary>Coverage extension carrying the dual status code (valueCoding).</summary>
    public const string DualStatusExtension = StructureDefinitionBase + "dual-status";

    /// <summary>
    /// Coverage extension, repeating, one per month: sub-extensions <c>month</c> (valueDate, first of the month)
    /// and <c>code</c> (valueCoding from the dual status code system).
    /// </summary>
    public const string DualStatusHistoryExtension = StructureDefinitionBase + "dual-status-history";

    /// <summary>Group.member extension naming the attributed ACO (valueReference to Organization).</summary>
    public const string AttributedAcoExtension = StructureDefinitionBase + "attributed-aco";

    /// <summary>Group.member extension naming the Coverage behind the attribution (valueReference).</summary>
    public const string AttributionCoverageExtension = StructureDefinitionBase + "attribution-coverage";

    /// <summary>Identifier system prefix for state Medicaid IDs: one system per state, e.g. <c>…/medicaid-id/oh</c>.</summary>
    public const string MedicaidIdSystemPrefix = Base + "/sid/medicaid-id/";

    /// <summary>Identifier system of the sandbox HIE's master patient index.</summary>
    public const string SandboxHieMpiSystem = Base + "/sid/hie-mpi/sandbox";

    /// <summary>Tag system marking which gateway source a resource came from.</summary>
    public const string SourceTagSystem = Base + "/CodeSystem/gateway-source";

    public const string ValueSetBase = Base + "/ValueSet/";

    public const string CodeSystemBase = Base + "/CodeSystem/";

    /// <summary>LEAD ValueSet of all dual status codes (required binding of the dual status extensions).</summary>
    public const string DualStatusValueSet = ValueSetBase + "dual-status";

    /// <summary>LEAD CodeSystem of Medicaid benefit levels for duals: <c>full</c> or <c>partial</c>.</summary>
    public const string DualBenefitCodeSystem = CodeSystemBase + "dual-benefit";

    /// <summary>Coverage extension (valueCode full|partial) stating the Medicaid benefit level a dual receives.</summary>
    public const string DualBenefitExtension = StructureDefinitionBase + "dual-benefit";

    /// <summary>LEAD CodeSystem of shared risk tiers (RiskAssessment.prediction.qualitativeRisk).</summary>
    public const string RiskTierCodeSystem = CodeSystemBase + "risk-tier";

    public const string LeadPatientProfile = StructureDefinitionBase + "lead-patient";
    public const string LeadMedicareCoverageProfile = StructureDefinitionBase + "lead-medicare-coverage";
    public const string LeadMedicaidCoverageProfile = StructureDefinitionBase + "lead-medicaid-coverage";
    public const string LeadAttributionGroupProfile = StructureDefinitionBase + "lead-attribution-group";
    public const string LeadSharedRiskAssessmentProfile = StructureDefinitionBase + "lead-shared-risk-assessment";
    public const string LeadIntegratedCarePlanProfile = StructureDefinitionBase + "lead-integrated-care-plan";
    public const string LeadCareTransitionEncounterProfile = StructureDefinitionBase + "lead-care-transition-encounter";
    public const string LeadMbiIdentifierProfile = StructureDefinitionBase + "lead-mbi-identifier";
    public const string LeadMedicaidIdentifierProfile = StructureDefinitionBase + "lead-medicaid-identifier";
}
