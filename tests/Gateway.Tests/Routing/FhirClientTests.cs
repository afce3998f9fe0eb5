using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Routing;

/// <summary>The gateway driven by the Firely SDK's FhirClient, as a real FHIR client would.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class FhirClientTests(SandboxGatewayFixture fixture)
{
    private FhirClient Client(string source) =>
        new(new Uri(fixture.Gateway.BaseAddress, $"fhir/{source}/"),
            new FhirClientSettings { PreferredFormat = ResourceFormat.Json, Timeout = 30_000 },
            new TestClients.BearerHandler(fixture.Gateway.BaseAddress, TestClients.BackendScopes));

    [Fact]
    public async Task FhirClient_CreateReadUpdateDelete_ThroughGateway()
    {
        using var client = Client("medicaid-sandbox");
        var created = await client.CreateAsync(new Patient
        {
            Name = [new HumanName { Family = "Clientcase", Given = ["Firely"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = "1948-05-01",
            Identifier = [new Identifier(SyntheticPopulation.MedicaidIdSystem, "999000111222")],
        });
        Assert.NotNull(created?.Id);
        Assert.NotNull(created);

        var read = await client.ReadAsync<Patient>($"Patient/{created!.Id}");
        read!.Name[0].Given = ["Changed"];
        var updated = await client.UpdateAsync(read);
        await client.DeleteAsync(updated!);

        Assert.Equal("2", updated!.Meta!.VersionId);
        await Assert.ThrowsAsync<FhirOperationException>(() => client.ReadAsync<Patient>($"Patient/{created.Id}"));
    }

    [Fact]
    public async Task FhirClient_SearchAndContinue_FollowsGatewayNextLinks()
    {
        using var client = Client("aco-sandbox");

        var page = await client.SearchAsync<Condition>(pageSize: 25);
        var ids = new HashSet<string>();
        var pages = 0;
        while (page is not null)
        {
            Assert.All(page.Entry, e => Assert.StartsWith(fixture.Gateway.BaseAddress.AbsoluteUri + "fhir/aco-sandbox/", e.FullUrl, StringComparison.Ordinal));
            ids.UnionWith(page.Entry.Select(e => e.Resource!.Id!));
            pages++;
            page = await client.ContinueAsync(page);
        }

        Assert.True(pages > 1);
        var count = await client.SearchAsync<Condition>(["_summary=count"]);
        Assert.Equal(count!.Total, ids.Count);
    }

    [Fact]
    public async Task FhirClient_SearchByMbi_FindsCoverageWithDualStatus()
    {
        using var client = Client("medicaid-sandbox");
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

        var patients = await client.SearchAsync<Patient>([$"identifier={LeadCanonicals.MbiSystem}|{persona.Mbi}"]);
        var patient = Assert.Single(patients!.Entry).Resource!;
        var coverages = await client.SearchAsync<Coverage>([$"beneficiary=Patient/{patient.Id}"]);

        Assert.Contains(coverages!.Entry.Select(e => (Coverage)e.Resource!), c => c.GetExtension(LeadCanonicals.DualStatusExtension) is not null);
    }
}
