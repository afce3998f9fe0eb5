using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Sandbox;

/// <summary>The embedded sandbox FHIR servers (aco-sandbox, medicaid-sandbox, hie-sandbox).</summary>
public sealed record SandboxOptions
{
    public const string SectionName = "Sandbox";

    /// <summary>Run the sandbox sources. Off: only configured upstreams remain.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>
    /// Where the sandbox servers listen. They are separate HTTP servers on loopback that the gateway reaches through its
    /// ordinary proxy path. Port 0 picks a free port at start-up.
    /// </summary>
    [Required]
    public string Url { get; init; } = "http://127.0.0.1:0";

    /// <summary>How many synthetic dually eligible people to seed at first start (empty store only).</summary>
    [Range(0, 1_000_000)]
    public int SeedPeople { get; init; } = 60;

    /// <summary>Random seed of the synthetic population, so every fresh install holds the same people.</summary>
    public int SeedValue { get; init; } = 2027;

    /// <summary>Default and largest page size of sandbox searches.</summary>
    [Range(1, 10_000)]
    public int DefaultPageSize { get; init; } = 20;

    [Range(1, 10_000)]
    public int MaxPageSize { get; init; } = 1000;
}
