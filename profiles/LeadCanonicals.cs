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
}
