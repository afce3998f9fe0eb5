using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Identity;

/// <summary>With <c>Identity:AllowDemographicLinks</c> on, a record without shared identifiers links above the threshold, saying so.</summary>
public sealed class DemographicLinkTests : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<SeedPersonaKind, SeedPersona> personas =
        SyntheticPopulation.Personas(SyntheticPopulation.DefaultPeople, SyntheticPopulation.DefaultSeed);

    private GatewayHost gateway = null!;

    public async Task InitializeAsync() =>
        gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Identity:AllowDemographicLinks"] = "true", ["Identity:DemographicThreshold"] = "0.9" });

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
}
