using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.BulkExport;

/// <summary>FHIR Bulk Data export (<c>$export</c>) run by the gateway across its sources.</summary>
public sealed record BulkExportOptions
{
    public const string SectionName = "BulkExport";

    /// <summary>How long a job's status and files stay available after kick-off or completion (then 410).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "90.00:00:00")]
    public TimeSpan Retention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Sources an export at the unified base reads; empty means every source. A source base exports that source only.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>
    /// Resource types to export per source id, instead of reading the source's CapabilityStatement
    /// (<c>BulkExport:SourceTypes:hapi:0 = Patient</c>).
    /// </summary>
    public IReadOnlyDictionary<string, string[]> SourceTypes { get; init; } = new Dictionary<string, string[]>();

    /// <summary>The <c>_count</c> asked of upstream searches: one page is one durable step of a job.</summary>
    [Range(1, 10_000)]
    public int PageSize { get; init; } = 1000;

    /// <summary>Searches of one job run in parallel (spread over its sources).</summary>
    [Range(1, 64)]
    public int Parallelism { get; init; } = 4;

    /// <summary>Jobs one replica runs at once.</summary>
    [Range(1, 64)]
    public int MaxConcurrentJobs { get; init; } = 2;

    /// <summary>A job lease not renewed for this long is taken over by another worker (after a crash or on another replica).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle worker looks for runnable jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The <c>Retry-After</c> given to clients polling a running job or refused a duplicate one.</summary>
    [Range(1, 3600)]
    public int RetryAfterSeconds { get; init; } = 2;
}
