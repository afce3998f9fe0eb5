using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Identity;

/// <summary>The crosswalk the gateway builds from the sandbox sources' identifiers at start-up.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class CrosswalkTests(SandboxGatewayFixture fixture)
{
    [Fact]
    public async Task Crosswalk_FullBenefitDual_LinksThreeSourcesWithReasons()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

        var aco = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Aco, persona.AcoPatientId);
        var medicaid = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Medicaid, persona.MedicaidPatientId);
        var hie = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Hie, persona.HiePatientId);

        Assert.StartsWith(PersonIds.Prefix, aco.PersonId, StringComparison.Ordinal);
        Assert.Equal(aco.PersonId, medicaid.PersonId);
        Assert.Equal(aco.PersonId, hie.PersonId);
        Assert.All(new[] { aco, medicaid, hie }, r => Assert.Contains(r.Reason, new[] { StrongIdentifier.Mbi, StrongIdentifier.MedicaidId }));
        Assert.All(new[] { aco, medicaid, hie }, r => Assert.Null(r.AssertedBy));
    }

    [Fact]
    public async Task Crosswalk_MedicaidOnly_LinkedByMedicaidId()
    {
        var persona = fixture.Personas[SeedPersonaKind.MedicaidOnly];

        var medicaid = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Medicaid, persona.MedicaidPatientId);
        var hie = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Hie, persona.HiePatientId);

        Assert.Null(persona.AcoPatientId);
        Assert.Equal(medicaid.PersonId, hie.PersonId);
        Assert.Equal(StrongIdentifier.MedicaidId, medicaid.Reason);
        Assert.Equal(StrongIdentifier.MedicaidId, hie.Reason);
    }

    [Fact]
    public async Task Crosswalk_HieDemographicsOnly_NotLinkedByDefault()
    {
        var persona = fixture.Personas[SeedPersonaKind.HieDemographicsOnly];
        var queries = await IdentityTestData.CrosswalkAsync(fixture.Gateway);

        var hie = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Hie, persona.HiePatientId);
        var medicaid = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Medicaid, persona.MedicaidPatientId);
        var person = await queries.OfPersonsAsync([hie.PersonId], CancellationToken.None);

        Assert.NotEqual(medicaid.PersonId, hie.PersonId);
        Assert.Single(person);
        Assert.Equal(LinkDecision.NewPerson, hie.Reason);
    }
}
