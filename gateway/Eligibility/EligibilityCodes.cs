using Lead.Profiles;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// Code systems and extensions of the eligibility features. Local to this feature until the profiles room defines
/// them: the URLs sit under the project's canonical base so they can move there unchanged.
/// </summary>
internal static class EligibilityCodes
{
    /// <summary>Why an eligibility request could not be adjudicated (CoverageEligibilityResponse.error.code).</summary>
    public const string ErrorSystem = LeadCanonicals.Base + "/CodeSystem/eligibility-error";

    public const string MemberNotFound = "member-not-found";
    public const string MemberAmbiguous = "member-ambiguous";
    public const string NoMemberIdentifier = "no-member-identifier";

    /// <summary>Benefit categories of a dual's Medicaid coverage (CoverageEligibilityResponse.insurance.item.category).</summary>
    public const string BenefitCategorySystem = LeadCanonicals.Base + "/CodeSystem/dual-benefit-category";

    /// <summary>HL7's benefit categories; <c>30</c> is Health Benefit Plan Coverage.</summary>
    public const string Hl7BenefitCategorySystem = "http://terminology.hl7.org/CodeSystem/ex-benefitcategory";

    /// <summary>Item extension: fee-for-service (SOPT 2) or managed care (SOPT 21, with the MCO's name as text).</summary>
    public const string DeliverySystemExtension = LeadCanonicals.StructureDefinitionBase + "medicaid-delivery-system";
}
