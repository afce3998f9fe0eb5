using Hl7.Fhir.Model;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Rules;

/// <summary>
/// Payer of last resort: for the same beneficiary, every Medicare Coverage (SOPT 1*) must have a lower
/// Coverage.order than every Medicaid Coverage (SOPT 2*) sent with it.
/// </summary>
internal static class CoverageOrderRule
{
    public static void Check(Bundle bundle, List<OperationOutcome.IssueComponent> issues)
    {
        var coverages = bundle.Entry
            .Select((entry, index) => (Coverage: entry.Resource as Coverage, Index: index))
            .Where(x => x.Coverage is not null)
            .Select(x => (Coverage: x.Coverage!, x.Index, Key: BundleReferences.BeneficiaryKey(bundle, x.Coverage!.Beneficiary)))
            .Where(x => x.Key is not null);

        foreach (var beneficiary in coverages.GroupBy(x => x.Key, StringComparer.Ordinal))
        {
            var medicare = beneficiary.Where(x => Sopt.IsMedicare(x.Coverage)).ToList();
            foreach (var medicaid in beneficiary.Where(x => Sopt.IsMedicaid(x.Coverage)))
            {
                foreach (var first in medicare)
                {
                    if (first.Coverage.Order is not { } medicareOrder || medicaid.Coverage.Order is not { } medicaidOrder || medicareOrder >= medicaidOrder)
                    {
                        issues.Add(Issues.Error(
                            OperationOutcome.IssueType.BusinessRule,
                            $"Medicare Coverage (Bundle.entry[{first.Index}], order {Show(first.Coverage.Order)}) must order before Medicaid Coverage "
                            + $"(order {Show(medicaid.Coverage.Order)}) for the same beneficiary: Medicaid is the payer of last resort",
                            $"Bundle.entry[{medicaid.Index}].resource.order"));
                    }
                }
            }
        }
    }

    private static string Show(int? order) => order?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing";
}
