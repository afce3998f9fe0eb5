using System.Text.Json;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Profiles;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>Group/{id}/$export: the ACO roster's members, found in the other sources by MBI, and nobody else.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class BulkExportGroupTests(SandboxGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task GroupExport_MembersAcrossAcoAndMedicaid_NoNonMembers()
    {
        var (memberIds, memberMbis) = await RosterAsync();
        var expectedMedicaid = (await PatientsAsync("medicaid-sandbox"))
            .Where(p => Mbis(p).Any(memberMbis.Contains)).Select(p => p.GetProperty("id").GetString()!).ToHashSet();

        var manifest = await RunAsync(Gateway.Client, $"fhir/Group/{SyntheticPopulation.AttributionGroupId}/$export?_type=Patient,Coverage");
        var lines = await LinesAsync(Gateway.Client, manifest);

        var patients = lines.Where(l => l.GetProperty("resourceType").GetString() == "Patient").ToList();
        Assert.Equal(memberIds.Order(), IdsIn(patients, "aco-sandbox").Order());
        Assert.Equal(expectedMedicaid.Order(), IdsIn(patients, "medicaid-sandbox").Order());
        Assert.NotEmpty(expectedMedicaid);
        Assert.DoesNotContain(fixture.Personas[SeedPersonaKind.MedicareAdvantageMember].MedicaidPatientId, IdsIn(patients, "medicaid-sandbox"));
        Assert.DoesNotContain(fixture.Personas[SeedPersonaKind.MedicaidOnly].MedicaidPatientId, IdsIn(patients, "medicaid-sandbox"));
        var coverages = lines.Where(l => l.GetProperty("resourceType").GetString() == "Coverage").ToList();
        Assert.NotEmpty(coverages);
        Assert.All(coverages, c => Assert.Contains(
            c.GetProperty("beneficiary").GetProperty("reference").GetString()!.Split('/')[^1], IdsIn(patients, SourceOf(c))));
        Assert.Equal(lines.Count, lines.Select(Key).Distinct().Count());
    }

    [Fact]
    public async Task GroupExport_SinceBeforeMembersJoined_MembersGetFullHistory()
    {
        var (memberIds, _) = await RosterAsync();
        // The roster's membership starts in 2027: every member joined after this _since.
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"));

        var manifest = await RunAsync(Gateway.Client, $"fhir/aco-sandbox/Group/{SyntheticPopulation.AttributionGroupId}/$export?_type=Patient&_since={since}");
        var lines = await LinesAsync(Gateway.Client, manifest);

        Assert.Equal(memberIds.Order(), IdsIn(lines, "aco-sandbox").Order());
    }

    private async Task<(HashSet<string> Ids, HashSet<string> Mbis)> RosterAsync()
    {
        using var group = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/aco-sandbox/Group/{SyntheticPopulation.AttributionGroupId}"));
        var ids = group.RootElement.GetProperty("member").EnumerateArray()
            .Select(m => m.GetProperty("entity").GetProperty("reference").GetString()!.Split('/')[^1]).ToHashSet();
        var mbis = (await PatientsAsync("aco-sandbox")).Where(p => ids.Contains(p.GetProperty("id").GetString()!)).SelectMany(Mbis).ToHashSet();
        return (ids, mbis);
    }

    private async Task<List<JsonElement>> PatientsAsync(string source)
    {
        using var bundle = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/{source}/Patient?_count=1000"));
        return bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").Clone()).ToList();
    }

    private static IEnumerable<string> Mbis(JsonElement patient) =>
        patient.TryGetProperty("identifier", out var identifiers)
            ? identifiers.EnumerateArray().Where(i => i.TryGetProperty("system", out var s) && s.GetString() == LeadCanonicals.MbiSystem)
                .Select(i => i.GetProperty("value").GetString()!)
            : [];

    private static List<string> IdsIn(IEnumerable<JsonElement> lines, string source) =>
        lines.Where(l => SourceOf(l) == source && l.GetProperty("resourceType").GetString() == "Patient").Select(l => l.GetProperty("id").GetString()!).ToList();
}
