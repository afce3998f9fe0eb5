using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>What a claim is for. Carried in EOB.subType in both sources so cost-shifting checks key on one code.</summary>
internal enum ClaimCategory
{
    Professional,
    Inpatient,
    Dme,
    HomeHealth,
    Hcbs,
}

/// <summary>One adjudicated line: billed, paid by this payer and, for crossovers, what the primary payer paid first.</summary>
internal sealed record ClaimLine(string System, string Code, string Display, decimal Billed, decimal Paid, decimal? PriorPayerPaid = null);

/// <summary>ExplanationOfBenefit in a CARIN Blue Button-like shape, with every element base R4 requires.</summary>
internal static class ClaimResources
{
    /// <summary>Local code system for the category of service (not in LeadCanonicals; owned by the seed room).</summary>
    public const string ServiceCategorySystem = LeadCanonicals.Base + "/CodeSystem/service-category";

    public static ExplanationOfBenefit Eob(ClaimCategory category, ResourceReference patient, ResourceReference insurer,
        ResourceReference provider, IReadOnlyList<(ResourceReference Coverage, bool Focal)> insurance,
        DateOnly start, DateOnly end, ClaimLine line, bool medicareFeed)
    {
        var institutional = category is ClaimCategory.Inpatient or ClaimCategory.HomeHealth;
        var type = SeedFhir.Concept(SeedFhir.ClaimType, institutional ? "institutional" : "professional",
            institutional ? "Institutional" : "Professional");
        if (medicareFeed)
        {
            // BCDA / Blue Button feeds name the Medicare claim file too; DME and HHA are what POLR checks look for.
            type.Coding.Add(SeedFhir.Coding(SeedFhir.BlueButtonEobType, BlueButtonType(category)));
        }

        // Adjudicated three weeks after service, never after the reference date (the data's "today").
        var created = end.AddDays(21);
        var adjudication = new List<ExplanationOfBenefit.AdjudicationComponent>
        {
            Adjudication(SeedFhir.Adjudication, "submitted", line.Billed),
            Adjudication(SeedFhir.Adjudication, "benefit", line.Paid),
        };
        if (line.PriorPayerPaid is { } prior)
        {
            adjudication.Add(Adjudication(SeedFhir.CarinAdjudication, "priorpayerpaid", prior));
        }

        return new ExplanationOfBenefit
        {
            Status = ExplanationOfBenefit.ExplanationOfBenefitStatus.Active,
            Type = type,
            SubType = SeedFhir.Concept(ServiceCategorySystem, CategoryCode(category)),
            Use = ClaimUseCode.Claim,
            Patient = patient,
            BillablePeriod = SeedFhir.Period(start, end),
            Created = SeedFhir.Day(created > SyntheticPopulation.ReferenceDate ? SyntheticPopulation.ReferenceDate : created),
            Insurer = insurer,
            Provider = provider,
            Outcome = ClaimProcessingCodes.Complete,
            Insurance = [.. insurance.Select(i => new ExplanationOfBenefit.InsuranceComponent { Focal = i.Focal, Coverage = i.Coverage })],
            Item =
            [
                new ExplanationOfBenefit.ItemComponent
                {
                    Sequence = 1,
                    ProductOrService = SeedFhir.Concept(line.System, line.Code, line.Display),
                    Serviced = SeedFhir.Period(start, end),
                    Net = SeedFhir.Usd(line.Billed),
                    Adjudication = adjudication,
                },
            ],
            Total =
            [
                new ExplanationOfBenefit.TotalComponent { Category = SeedFhir.Concept(SeedFhir.Adjudication, "submitted"), Amount = SeedFhir.Usd(line.Billed) },
                new ExplanationOfBenefit.TotalComponent { Category = SeedFhir.Concept(SeedFhir.Adjudication, "benefit"), Amount = SeedFhir.Usd(line.Paid) },
            ],
            Payment = new ExplanationOfBenefit.PaymentComponent { Amount = SeedFhir.Usd(line.Paid) },
        };
    }

    /// <summary>Medicare allows 70% of the bill and pays 80% of that; the remaining 20% is the cost-sharing.</summary>
    public static (decimal Allowed, decimal MedicarePaid, decimal CostSharing) MedicareSplit(decimal billed)
    {
        var allowed = Math.Round(billed * 0.7m, 2);
        var paid = Math.Round(allowed * 0.8m, 2);
        return (allowed, paid, allowed - paid);
    }

    public static string CategoryCode(ClaimCategory category) => category switch
    {
        ClaimCategory.Professional => "professional",
        ClaimCategory.Inpatient => "inpatient",
        ClaimCategory.Dme => "dme",
        ClaimCategory.HomeHealth => "home-health",
        _ => "hcbs",
    };

    public static ClaimCategory CategoryOf(ServiceKind kind) => kind switch
    {
        ServiceKind.Dme => ClaimCategory.Dme,
        ServiceKind.HomeHealth => ClaimCategory.HomeHealth,
        _ => ClaimCategory.Hcbs,
    };

    private static string BlueButtonType(ClaimCategory category) => category switch
    {
        ClaimCategory.Inpatient => "INPATIENT",
        ClaimCategory.Dme => "DME",
        ClaimCategory.HomeHealth => "HHA",
        _ => "CARRIER",
    };

    private static ExplanationOfBenefit.AdjudicationComponent Adjudication(string system, string code, decimal amount) => new()
    {
        Category = SeedFhir.Concept(system, code),
        Amount = SeedFhir.Usd(amount),
    };
}
