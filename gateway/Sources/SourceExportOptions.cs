using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Sources;

/// <summary>
/// How a bulk export reads this source (<c>Sources:{id}:Export</c>): by paging through FHIR searches (<c>search</c>, the
/// default), or by running the source's own Bulk Data <c>$export</c> and streaming its files (<c>delegate</c>).
/// </summary>
public sealed record SourceExportOptions
{
    public const string Search = "search";
    public const string Delegate = "delegate";

    /// <summary><c>search</c> or <c>delegate</c>.</summary>
    [RegularExpression("^(search|delegate)$", ErrorMessage = "Export:Mode must be search or delegate.")]
    public string Mode { get; init; } = Search;

    /// <summary>
    /// Optional kick-off parameters the source's <c>$export</c> honours beyond <c>_type</c> and <c>_since</c>:
    /// <c>_typeFilter</c>, <c>_elements</c>. A job needing <c>_typeFilter</c> (or a constrained scope) that the source does not
    /// honour reads it by search instead; <c>_elements</c> not honoured is applied by the gateway.
    /// </summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>The wait between status polls when the source sends no <c>Retry-After</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait honoured from a source's <c>Retry-After</c> (longer ones are cut to this).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long the source's export may run (kick-off to manifest) before the gateway reports it timed out.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(6);

    public bool IsDelegated => Mode == Delegate;
}
