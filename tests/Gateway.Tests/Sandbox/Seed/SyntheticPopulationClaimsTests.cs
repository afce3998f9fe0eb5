using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Seed;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Sandbox.Seed;

/// <summary>Claims and care coordination carry what the cost-shifting and integrated-care features look for.</summary>
public sealed class SyntheticPopulationClaimsTests
{
    private const string PriorPayerPaid = "priorpayerpaid";

    private static readonly string[] HospitalClasses = ["IMP", "EMER"];

    private static string Category(ExplanationOfBenefit eob) =>
        eob.SubType?.Coding.Single(c => c.System == ClaimResources.ServiceCategorySystem).Code ?? string.Empty;

    private static string Mbi(IReadOnlyList<Resource> source, ResourceReference patient) =>
        SeedFixture.IdentifierValue(SeedFixture.PatientOf(source, patient), LeadCanonicals.MbiSystem) ?? string.Empty;

    private static string ServiceKey(IReadOnlyList<Resource> source, ExplanationOfBenefit eob) =>
        $"{Mbi(source, eob.Patient)}|{eob.Item[0].ProductOrService.Coding[0].Code}|{eob.BillablePeriod?.Start}";

    private static bool HasPriorPayment(ExplanationOfBenefit eob) =>
        eob.Item.SelectMany(i => i.Adjudication).Any(a => a.Category.Coding.Any(c => c.Code == PriorPayerPaid));

    [Fact]
    public void Claims_MedicaidCrossovers_FollowAMedicareClaimForTheSameService()
    {
        var medicareServices = SeedFixture.Aco.OfType<ExplanationOfBenefit>()
            .Select(e => ServiceKey(SeedFixture.Aco, e)).ToHashSet(StringComparer.Ordinal);
        var crossovers = SeedFixture.Medicaid.OfType<ExplanationOfBenefit>().Where(HasPriorPayment).ToList();

        Assert.NotEmpty(crossovers);
        Assert.All(crossovers, eob =>
        {
            Assert.Contains(ServiceKey(SeedFixture.Medicaid, eob), medicareServices);
            Assert.Equal(2, eob.Insurance.Count);
            Assert.Single(eob.Insurance, i => i.Focal == true);
        });
    }

    [Fact]
    public void Claims_PayerOfLastResortPersona_MedicaidPaidDmeOrHomeHealthWithoutMedicare()
    {
        var persona = SeedFixture.Population.Personas[SeedPersonaKind.PayerOfLastResortFinding];
        var medicareServices = SeedFixture.Aco.OfType<ExplanationOfBenefit>()
            .Select(e => ServiceKey(SeedFixture.Aco, e)).ToHashSet(StringComparer.Ordinal);

        var findings = SeedFixture.Medicaid.OfType<ExplanationOfBenefit>()
            .Where(e => e.Patient.Reference == $"Patient/{persona.MedicaidPatientId}")
            .Where(e => Category(e) is "dme" or "home-health" && !HasPriorPayment(e))
            .ToList();

        Assert.NotEmpty(findings);
        Assert.All(findings, eob =>
        {
            Assert.DoesNotContain(ServiceKey(SeedFixture.Medicaid, eob), medicareServices);
            Assert.True(Assert.Single(eob.Insurance).Focal);
        });
    }

    [Fact]
    public void Claims_Medicaid_IncludeHcbsDmeAndHomeHealth()
    {
        var categories = SeedFixture.Medicaid.OfType<ExplanationOfBenefit>().Select(Category).ToHashSet();
        var medicare = SeedFixture.Aco.OfType<ExplanationOfBenefit>().Select(Category).ToHashSet();

        Assert.Superset(new HashSet<string> { "hcbs", "dme", "home-health", "professional" }, categories);
        Assert.Superset(new HashSet<string> { "professional", "inpatient", "dme", "home-health" }, medicare);
    }

    [Fact]
    public void CareTeams_EveryOne_JoinsAcoCareManagerAndMedicaidCoordinator()
    {
        var teams = SeedFixture.Aco.OfType<CareTeam>().ToList();
        var plans = SeedFixture.Aco.OfType<CarePlan>().ToList();

        Assert.NotEmpty(teams);
        Assert.Equal(teams.Count, plans.Count);
        Assert.All(teams, team =>
        {
            var roles = team.Participant.SelectMany(p => p.Role).SelectMany(r => r.Coding).Select(c => c.Code).ToList();
            Assert.Contains("aco-care-manager", roles);
            Assert.Contains("medicaid-care-coordinator", roles);
        });
        Assert.All(plans, plan => Assert.Contains($"CareTeam/", Assert.Single(plan.CareTeam).Reference, StringComparison.Ordinal));
    }

    [Fact]
    public void Clinical_ObservationsAndHospitalEncounters_CarryCodesUnitsAndDischarge()
    {
        var observations = SeedFixture.Population.Resources.Values.SelectMany(r => r).OfType<Observation>().ToList();
        var hospital = SeedFixture.Hie.OfType<Encounter>().ToList();

        Assert.All(observations, o =>
        {
            Assert.Contains(o.Category.SelectMany(c => c.Coding), c => c.Code is "vital-signs" or "laboratory");
            Assert.Equal("http://loinc.org", o.Code.Coding[0].System);
            var quantity = Assert.IsType<Quantity>(o.Value);
            Assert.Equal("http://unitsofmeasure.org", quantity.System);
        });
        Assert.NotEmpty(hospital);
        Assert.All(hospital, e =>
        {
            Assert.Contains(e.Class?.Code, HospitalClasses);
            Assert.NotNull(e.Period?.End);
            Assert.NotNull(e.Hospitalization?.DischargeDisposition);
        });
    }
}
