using System.Net;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Identity;

/// <summary>Records written through the gateway reach the crosswalk; explicit links; conflicts recorded, not merged.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class LinkTests(SandboxGatewayFixture fixture)
{
    private HttpClient Client => fixture.Gateway.Client;

    [Fact]
    public async Task SandboxWrite_SharedMbi_LinkedByMbi()
    {
        var mbi = SyntheticPatients.Mbi();
        var family = SyntheticPatients.Family();
        var aco = await CreateAsync(SandboxSources.Aco, SyntheticPatients.Patient(family, "Ann", "1950-02-03", SyntheticPatients.MbiIdentifier(mbi)));
        var hie = await CreateAsync(SandboxSources.Hie, SyntheticPatients.Patient(family, "Ann", "1950-02-03", SyntheticPatients.MbiIdentifier(mbi)));

        var (first, second) = await BothAsync(SandboxSources.Aco, aco, SandboxSources.Hie, hie, (a, b) => a.PersonId == b.PersonId);

        Assert.Equal(StrongIdentifier.Mbi, first.Reason);
        Assert.Equal(StrongIdentifier.Mbi, second.Reason);
    }

    [Fact]
    public async Task Link_Asserted_RecordsClientAndSurvivesReindex()
    {
        var family = SyntheticPatients.Family();
        var aco = await CreateAsync(SandboxSources.Aco, SyntheticPatients.Patient(family, "Bea", "1951-04-05", SyntheticPatients.MbiIdentifier(SyntheticPatients.Mbi())));
        var hie = await CreateAsync(SandboxSources.Hie, SyntheticPatients.Patient(family, "Bea", "1951-04-05"));
        await BothAsync(SandboxSources.Aco, aco, SandboxSources.Hie, hie, (a, b) => true);
        var body = new
        {
            resourceType = "Parameters",
            parameter = new object[]
            {
                new { name = "record", valueReference = new { reference = $"{SandboxSources.Aco}/Patient/{aco}" } },
                new { name = "record", valueReference = new { reference = new Uri(fixture.Gateway.BaseAddress, $"fhir/{SandboxSources.Hie}/Patient/{hie}").AbsoluteUri } },
            },
        };

        using var response = await Client.PostAsync("fhir/$link", IdentityTestData.Fhir(body));
        var result = await IdentityTestData.JsonAsync(response);
        var again = SyntheticPatients.Patient(family, "Bea", "1951-04-05");
        again["id"] = hie;
        using var update = await Client.PutAsync($"fhir/{SandboxSources.Hie}/Patient/{hie}", IdentityTestData.Fhir(again));
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var (first, second) = await BothAsync(SandboxSources.Aco, aco, SandboxSources.Hie, hie, (a, b) => a.PersonId == b.PersonId);

        Assert.Equal("person", result.GetProperty("parameter")[0].GetProperty("name").GetString());
        Assert.Equal(first.PersonId, result.GetProperty("parameter")[0].GetProperty("valueString").GetString());
        Assert.Equal($"asserted by {TestClients.BackendClientId}", second.Reason);
        Assert.Equal(TestClients.BackendClientId, second.AssertedBy);
        Assert.Equal(TestClients.BackendClientId, first.AssertedBy);
    }

    [Fact]
    public async Task Link_UnknownRecord_404()
    {
        var body = $$$"""{"resourceType":"Parameters","parameter":[{"name":"record","valueReference":{"reference":"aco-sandbox/Patient/{{{Guid.NewGuid()}}}"}},{"name":"record","valueReference":{"reference":"hie-sandbox/Patient/{{{Guid.NewGuid()}}}"}}]}""";

        using var response = await Client.PostAsync("fhir/$link", IdentityTestData.Fhir(body));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Link_ReadOnlyToken_403()
    {
        using var client = fixture.Gateway.CreateClient("system/*.rs");
        var body = """{"resourceType":"Parameters","parameter":[{"name":"record","valueReference":{"reference":"aco-sandbox/Patient/x"}},{"name":"record","valueReference":{"reference":"hie-sandbox/Patient/y"}}]}""";

        using var response = await client.PostAsync("fhir/$link", IdentityTestData.Fhir(body));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Crosswalk_IdentifierPointingToTwoPersons_ConflictRecordedNotMerged()
    {
        var (mbi, medicaid, family) = (SyntheticPatients.Mbi(), SyntheticPatients.MedicaidId(), SyntheticPatients.Family());
        var aco = await CreateAsync(SandboxSources.Aco, SyntheticPatients.Patient(family, "Cy", "1952-06-07", SyntheticPatients.MbiIdentifier(mbi)));
        var medicaidId = await CreateAsync(SandboxSources.Medicaid, SyntheticPatients.Patient(family, "Cy", "1952-06-07", SyntheticPatients.MedicaidIdentifier(medicaid)));
        await BothAsync(SandboxSources.Aco, aco, SandboxSources.Medicaid, medicaidId, (a, b) => true);

        var hie = await CreateAsync(SandboxSources.Hie, SyntheticPatients.Patient(family, "Cy", "1952-06-07",
            SyntheticPatients.MbiIdentifier(mbi), SyntheticPatients.MedicaidIdentifier(medicaid)));
        var queries = await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        var hieRecord = await IdentityTestData.EventuallyAsync(() => queries.RecordAsync(SandboxSources.Hie, hie, CancellationToken.None), r => r is not null);
        var acoRecord = await queries.RecordAsync(SandboxSources.Aco, aco, CancellationToken.None);
        var medicaidRecord = await queries.RecordAsync(SandboxSources.Medicaid, medicaidId, CancellationToken.None);
        var conflicts = (await queries.ConflictsAsync(CancellationToken.None)).Where(c => c.PatientId == hie).ToList();

        Assert.Equal(acoRecord!.PersonId, hieRecord.PersonId);
        Assert.Equal(StrongIdentifier.Mbi, hieRecord.Reason);
        Assert.NotEqual(acoRecord.PersonId, medicaidRecord!.PersonId);
        var conflict = Assert.Single(conflicts);
        Assert.Equal(medicaidRecord.PersonId, conflict.OtherPersonId);
        Assert.Equal("identifier-points-elsewhere", conflict.Kind);
    }

    private async Task<string> CreateAsync(string source, object patient)
    {
        using var response = await Client.PostAsync($"fhir/{source}/Patient", IdentityTestData.Fhir(patient));
        var created = await IdentityTestData.JsonAsync(response);
        return created.GetProperty("id").GetString()!;
    }

    private async Task<(RecordRow, RecordRow)> BothAsync(string sourceA, string idA, string sourceB, string idB, Func<RecordRow, RecordRow, bool> done)
    {
        var queries = await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        var pair = await IdentityTestData.EventuallyAsync<(RecordRow?, RecordRow?)?>(
            async () => (await queries.RecordAsync(sourceA, idA, CancellationToken.None), await queries.RecordAsync(sourceB, idB, CancellationToken.None)),
            p => p is ({ } a, { } b) && done(a, b));
        return (pair!.Value.Item1!, pair.Value.Item2!);
    }
}
