using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Identity;

/// <summary>
/// With <c>Identity:AllowDemographicLinks</c> on, a record without shared identifiers links above the threshold, saying so
/// (and the indexer pages through every source).
/// </summary>
public sealed class DemographicLinkTests : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<SeedPersonaKind, SeedPersona> personas =
        SyntheticPopulation.Personas(SyntheticPopulation.DefaultPeople, SyntheticPopulation.DefaultSeed);

    private GatewayHost gateway = null!;

    public async Task InitializeAsync() =>
        gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Identity:AllowDemographicLinks"] = "true",
            ["Identity:DemographicThreshold"] = "0.9",
            // Small pages: the indexer must follow next links through each source's whole Patient list.
            ["Identity:IndexPageSize"] = "10",
        });

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Fact]
    public async Task Crosswalk_DemographicLinksAllowed_HieDemographicsOnlyLinkedWithScore()
    {
        var persona = personas[SeedPersonaKind.HieDemographicsOnly];

        var hie = await IdentityTestData.RecordAsync(gateway, SandboxSources.Hie, persona.HiePatientId);
        var medicaid = await IdentityTestData.RecordAsync(gateway, SandboxSources.Medicaid, persona.MedicaidPatientId);

        Assert.Equal(medicaid.PersonId, hie.PersonId);
        Assert.StartsWith("demographics ", hie.Reason, StringComparison.Ordinal);
        Assert.True(double.Parse(hie.Reason["demographics ".Length..], System.Globalization.CultureInfo.InvariantCulture) >= 0.9);
    }

    [Fact]
    public async Task Crosswalk_SmallIndexPages_EveryPatientOfEverySourceIndexed()
    {
        var queries = await IdentityTestData.CrosswalkAsync(gateway);

        foreach (var persona in personas.Values)
        {
            foreach (var (source, id) in new[] { (SandboxSources.Aco, persona.AcoPatientId), (SandboxSources.Medicaid, persona.MedicaidPatientId), (SandboxSources.Hie, persona.HiePatientId) })
            {
                Assert.True(id is null || await queries.RecordAsync(source, id, CancellationToken.None) is not null, $"{persona.Kind} in {source}");
            }
        }
    }
}
