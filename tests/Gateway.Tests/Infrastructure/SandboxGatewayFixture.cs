using Lead.Gateway.Sandbox.Seed;

namespace Lead.Gateway.Tests.Infrastructure;

/// <summary>
/// One real gateway in its default shape (sandbox sources seeded with the default synthetic population) shared by
/// the tests of a collection; each test writes only resources it creates.
/// </summary>
public sealed class SandboxGatewayFixture : IAsyncLifetime
{
    internal GatewayHost Gateway { get; private set; } = null!;

    internal IReadOnlyDictionary<SeedPersonaKind, SeedPersona> Personas { get; } =
        SyntheticPopulation.Personas(SyntheticPopulation.DefaultPeople, SyntheticPopulation.DefaultSeed);

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SandboxGatewayCollection : ICollectionFixture<SandboxGatewayFixture>
{
    public const string Name = "sandbox gateway";
}
