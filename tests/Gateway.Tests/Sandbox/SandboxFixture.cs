using Hl7.Fhir.Model;

namespace Lead.Gateway.Tests.Sandbox;

/// <summary>One sandbox host shared by the HTTP tests (start-up is the slow part); tests use unique identifiers.</summary>
public sealed class SandboxFixture : IAsyncLifetime
{
    internal static readonly IReadOnlyDictionary<string, IReadOnlyList<Resource>> Population = new Dictionary<string, IReadOnlyList<Resource>>
    {
        ["aco-sandbox"] =
        [
            new Patient { Id = "seed-p1", Identifier = [new Identifier("http://hl7.org/fhir/sid/us-mbi", "1EG4TE5MK73")] },
            new Coverage
            {
                Id = "seed-c1",
                Status = FinancialResourceStatusCodes.Active,
                Beneficiary = new ResourceReference("Patient/seed-p1"),
                Payor = [new ResourceReference("Organization/seed-cms")],
            },
        ],
        ["hie-sandbox"] = [new Patient { Id = "seed-hie-1" }],
    };

    internal SandboxHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SandboxHost.StartAsync(Population);

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SandboxCollection : ICollectionFixture<SandboxFixture>
{
    public const string Name = "Sandbox";
}
