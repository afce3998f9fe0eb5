namespace Lead.Gateway.Routing;

/// <summary>How the unified base <c>/fhir/{ResourceType}…</c> picks a source.</summary>
public sealed record RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>
    /// Ordered rules; the first whose resource types contain the request's type wins. Empty in sandbox mode: the
    /// sandbox defaults (<see cref="SandboxDefaults"/>) apply.
    /// </summary>
    public IReadOnlyList<RoutingRule> Rules { get; init; } = [];
}

/// <summary>Send these resource types, at the unified base, to this source.</summary>
public sealed record RoutingRule
{
    public IReadOnlyList<string> ResourceTypes { get; init; } = [];

    public string Source { get; init; } = "";
}
