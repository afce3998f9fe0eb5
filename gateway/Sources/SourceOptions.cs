using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Sources;

/// <summary>
/// One connected FHIR system, configured under <c>Sources:{id}</c> (so <c>Sources__hapi__BaseUrl</c> works as an
/// environment variable). Served by the gateway at <c>/fhir/{id}/…</c>.
/// </summary>
public sealed record SourceOptions
{
    /// <summary><c>aco</c>, <c>medicaid</c>, <c>hie</c> or <c>cms</c>.</summary>
    [Required, RegularExpression("^(aco|medicaid|hie|cms)$", ErrorMessage = "Kind must be one of aco, medicaid, hie, cms.")]
    public string Kind { get; init; } = "";

    /// <summary>The upstream FHIR base URL, e.g. <c>http://hapi:8080/fhir/</c>.</summary>
    [Required, Url]
    public string BaseUrl { get; init; } = "";

    public string? DisplayName { get; init; }

    /// <summary>How long the upstream may stay silent before the gateway answers 504.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How the gateway authenticates itself to the upstream. The caller's token is never forwarded.</summary>
    public SourceAuthOptions Auth { get; init; } = new();

    /// <summary>
    /// Other base URLs the upstream writes into its responses (e.g. its public name behind its own proxy), rewritten to
    /// the gateway's URL like <see cref="BaseUrl"/> is.
    /// </summary>
    public IReadOnlyList<string> ResponseBaseUrls { get; init; } = [];

    /// <summary>
    /// How bulk exports read this source: <c>Export:Mode</c> <c>search</c> (default) or <c>delegate</c> (its own <c>$export</c>).
    /// For a sandbox source this is the only setting allowed (<c>Sources:aco-sandbox:Export:Mode=delegate</c>).
    /// </summary>
    public SourceExportOptions Export { get; init; } = new();
}
