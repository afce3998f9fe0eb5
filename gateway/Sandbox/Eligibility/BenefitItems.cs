using Hl7.Fhir.Model;
using Lead.Gateway.Eligibility;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Eligibility;

/// <summary>
/// One item per benefit category a dual's Medicaid can carry: full Medicaid (state plan, LTSS), Medicare premiums and
/// Medicare cost-sharing (the Medicare Savings Programs). Each names the delivery system and the dual status it rests on.
/// </summary>
internal static class BenefitItems
{
    public static IEnumerable<CoverageEligibilityResponse.ItemsComponent> For(Coverage coverage, DualStatusReading? dual, string? mcoName)
    {
        var medicaidOnly = dual is null;
        yield return Item(coverage, dual, mcoName, "medicaid-full", "Full Medicaid benefits (state plan services, LTSS/HCBS)",
            covered: medicaidOnly || dual!.Benefit == DualBenefit.Full, hl7Category: "30");
        if (!medicaidOnly)
        {
            yield return Item(coverage, dual, mcoName, "medicare-premiums", "Medicare premiums paid by Medicaid",
                covered: DualStatus.PaysPremiums(dual!.Code));
            yield return Item(coverage, dual, mcoName, "medicare-cost-sharing", "Medicare deductibles and coinsurance paid by Medicaid",
                covered: DualStatus.PaysCostSharing(dual!.Code));
        }
    }

    private static CoverageEligibilityResponse.ItemsComponent Item(
        Coverage coverage, DualStatusReading? dual, string? mcoName, string code, string name, bool covered, string? hl7Category = null)
    {
        var category = new CodeableConcept(EligibilityCodes.BenefitCategorySystem, code, name);
        if (hl7Category is not null)
        {
            category.Coding.Add(new Coding(EligibilityCodes.Hl7BenefitCategorySystem, hl7Category, "Health Benefit Plan Coverage"));
        }

        var item = new CoverageEligibilityResponse.ItemsComponent
        {
            Category = category,
            Name = name,
            Excluded = !covered,
            Description = covered ? "Covered on the serviced date." : $"Not covered for dual status {dual?.Code}.",
        };
        item.Extension.Add(new Extension(EligibilityCodes.DeliverySystemExtension, DeliverySystem(coverage, mcoName)));
        if (dual is not null)
        {
            item.Extension.Add(new Extension(LeadCanonicals.DualStatusExtension, new Coding(LeadCanonicals.DualStatusCodeSystem, dual.Code, dual.Display)));
        }

        return item;
    }

    private static CodeableConcept DeliverySystem(Coverage coverage, string? mcoName) =>
        CoverageFacts.IsMedicaidManagedCare(coverage)
            ? new CodeableConcept(LeadCanonicals.SopTypology, "21", "Medicaid (Managed Care)", $"managed care: {mcoName ?? "MCO"}")
            : new CodeableConcept(LeadCanonicals.SopTypology, "2", "MEDICAID", "fee-for-service");
}
