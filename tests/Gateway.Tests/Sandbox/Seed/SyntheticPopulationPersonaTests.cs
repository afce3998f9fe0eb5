using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Seed;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Sandbox.Seed;

/// <summary>The edge cases the eligibility, attribution and cost-shifting features rely on are really in the data.</summary>
public sealed class SyntheticPopulationPersonaTests
{
    private static readonly string[] PartialCodes = ["01", "03", "05", "06"];
    private static readonly string[] HistoryStartCodes = ["01", "03"];
    private static readonly string[] HistoryEndCodes = ["02", "04"];

    private static SeedPersona Persona(SeedPersonaKind kind) => SeedFixture.Population.Personas[kind];

    private static Patient Patient(IReadOnlyList<Resource> source, string? id) =>
        source.OfType<Patient>().Single(p => p.Id == id);

    private static List<Coverage> Coverages(IReadOnlyList<Resource> source, string? patientId) =>
        source.OfType<Coverage>().Where(c => c.Beneficiary.Reference == $"Patient/{patientId}").ToList();

    private static HashSet<string?> RosterPatients() =>
        SeedFixture.Aco.OfType<Hl7.Fhir.Model.Group>().Single(g => g.Id == SyntheticPopulation.AttributionGroupId)
            .Member.Select(m => m.Entity.Reference).ToHashSet();

    [Fact]
    public void Personas_DefaultPopulation_EveryKindPresentWithMatchingIdentifiers()
    {
        Assert.Equal(Enum.GetValues<SeedPersonaKind>().Order(), SeedFixture.Population.Personas.Keys.Order());
        foreach (var persona in SeedFixture.Population.Personas.Values)
        {
            var medicaid = Patient(SeedFixture.Medicaid, persona.MedicaidPatientId);
            Assert.Equal(persona.MedicaidId, SeedFixture.IdentifierValue(medicaid, SyntheticPopulation.MedicaidIdSystem));
            Assert.Equal(persona.Mbi, SeedFixture.IdentifierValue(medicaid, LeadCanonicals.MbiSystem));
            if (persona.AcoPatientId is not null)
            {
                Assert.Equal(persona.Mbi, SeedFixture.IdentifierValue(Patient(SeedFixture.Aco, persona.AcoPatientId), LeadCanonicals.MbiSystem));
            }
        }
    }

    [Fact]
    public void Roster_Members_AreExactlyOriginalMedicarePatientsWithTheirCoverage()
    {
        var roster = SeedFixture.Aco.OfType<Hl7.Fhir.Model.Group>().Single();
        var originalMedicare = SeedFixture.Aco.OfType<Coverage>().Where(c => SeedFixture.Sopt(c) == "1").ToDictionary(c => c.Beneficiary.Reference ?? string.Empty);

        Assert.Equal(SyntheticPopulation.AttributionGroupId, roster.Id);
        Assert.Equal(Hl7.Fhir.Model.Group.GroupType.Person, roster.Type);
        Assert.True(roster.Actual);
        Assert.Equal(originalMedicare.Keys.Order(), roster.Member.Select(m => m.Entity.Reference).Order());
        Assert.All(roster.Member, member =>
        {
            var coverage = Assert.IsType<ResourceReference>(member.GetExtension(LeadCanonicals.AttributionCoverageExtension)?.Value);
            Assert.Equal($"Coverage/{originalMedicare[member.Entity.Reference ?? string.Empty].Id}", coverage.Reference);
            var aco = Assert.IsType<ResourceReference>(member.GetExtension(LeadCanonicals.AttributedAcoExtension)?.Value);
            Assert.StartsWith("Organization/", aco.Reference, StringComparison.Ordinal);
            Assert.NotNull(member.Period?.Start);
        });
    }

    [Fact]
    public void Personas_ManagedCareMedicare_NotAttributedAndTypedBySopt()
    {
        var roster = RosterPatients();
        var ma = Persona(SeedPersonaKind.MedicareAdvantageMember);
        var dsnp = Persona(SeedPersonaKind.DsnpMember);

        Assert.DoesNotContain($"Patient/{ma.AcoPatientId}", roster);
        Assert.DoesNotContain($"Patient/{dsnp.AcoPatientId}", roster);
        Assert.Contains($"Patient/{Persona(SeedPersonaKind.FullBenefitAttributedDual).AcoPatientId}", roster);
        Assert.Equal("111", SeedFixture.Sopt(Assert.Single(Coverages(SeedFixture.Aco, ma.AcoPatientId))));
        Assert.Equal("11", SeedFixture.Sopt(Assert.Single(Coverages(SeedFixture.Aco, dsnp.AcoPatientId))));
        Assert.Contains(Coverages(SeedFixture.Medicaid, dsnp.MedicaidPatientId), c => SeedFixture.Sopt(c) == "21");
        Assert.DoesNotContain(SeedFixture.Aco.OfType<ExplanationOfBenefit>(), e => e.Patient.Reference == $"Patient/{ma.AcoPatientId}");
    }

    [Fact]
    public void Personas_MedicaidOnly_HasNoMbiAndLinksToHieByMedicaidId()
    {
        var persona = Persona(SeedPersonaKind.MedicaidOnly);

        Assert.Null(persona.Mbi);
        Assert.Null(persona.AcoPatientId);
        Assert.Equal(persona.MedicaidId, SeedFixture.IdentifierValue(Patient(SeedFixture.Hie, persona.HiePatientId), SyntheticPopulation.MedicaidIdSystem));
        var coverage = Assert.Single(Coverages(SeedFixture.Medicaid, persona.MedicaidPatientId));
        Assert.Null(coverage.GetExtension(LeadCanonicals.DualStatusExtension));
        Assert.Null(coverage.Order);
    }

    [Fact]
    public void Personas_DualStatusChanged_HistoryGoesFromPartialToFullOnce()
    {
        var persona = Persona(SeedPersonaKind.DualStatusChanged);
        var coverage = Coverages(SeedFixture.Medicaid, persona.MedicaidPatientId).Single(c => SeedFixture.Sopt(c).StartsWith('2'));

        var history = SeedFixture.DualHistory(coverage);

        Assert.Equal(Enumerable.Range(1, 11).Select(m => $"2026-{m:D2}-01"), history.Select(h => h.Month));
        Assert.Contains(history[0].Code, HistoryStartCodes);
        Assert.Contains(history[^1].Code, HistoryEndCodes);
        Assert.Equal(1, history.Zip(history.Skip(1)).Count(pair => pair.First.Code != pair.Second.Code));
        Assert.Equal(history[^1].Code, SeedFixture.DualCode(coverage));
    }

    [Fact]
    public void Personas_PartialBenefitDual_HasPartialCodeAndNoIntegratedCarePlan()
    {
        var persona = Persona(SeedPersonaKind.PartialBenefitDual);
        var coverage = Coverages(SeedFixture.Medicaid, persona.MedicaidPatientId).Single(c => SeedFixture.Sopt(c).StartsWith('2'));

        Assert.Contains(SeedFixture.DualCode(coverage), PartialCodes);
        Assert.Contains($"Patient/{persona.AcoPatientId}", RosterPatients());
        Assert.DoesNotContain(SeedFixture.Aco.OfType<CarePlan>(), p => p.Subject.Reference == $"Patient/{persona.AcoPatientId}");
    }

    [Fact]
    public void Personas_HieDemographicsOnly_HasNoCrosswalkIdentifierButSameDemographics()
    {
        var persona = Persona(SeedPersonaKind.HieDemographicsOnly);
        var hie = Patient(SeedFixture.Hie, persona.HiePatientId);
        var medicaid = Patient(SeedFixture.Medicaid, persona.MedicaidPatientId);

        Assert.All(hie.Identifier, i => Assert.Equal(LeadCanonicals.SandboxHieMpiSystem, i.System));
        Assert.Equal(medicaid.BirthDate, hie.BirthDate);
        Assert.Equal(medicaid.Name[0].Family, hie.Name[0].Family);
        Assert.Equal(medicaid.Gender, hie.Gender);
    }
}
