namespace Lead.Gateway.Sources;

/// <summary>The <c>Sources</c> section: connected FHIR systems keyed by source id.</summary>
public sealed class SourcesOptions
{
    public const string SectionName = "Sources";

    public Dictionary<string, SourceOptions> Items { get; } = new(StringComparer.Ordinal);
}
