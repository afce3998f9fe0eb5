namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>A parsed, validated kick-off request (before authorization narrows the types).</summary>
internal sealed record ExportRequest(string Level, string? SourceId, string? GroupId)
{
    public DateTimeOffset? Since { get; init; }

    /// <summary>Explicit <c>_type</c>, or null for every type the token grants.</summary>
    public IReadOnlyList<string>? Types { get; init; }

    /// <summary><c>Type?query</c> each.</summary>
    public IReadOnlyList<string> TypeFilters { get; init; } = [];

    /// <summary>Patient references from POST <c>patient</c>.</summary>
    public IReadOnlyList<string> Patients { get; init; } = [];

    public IReadOnlyList<string> Elements { get; init; } = [];

    /// <summary>What <c>Prefer: handling=lenient</c> let through unsupported: reported in the error file.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary><c>_since</c> as sent to upstreams in <c>_lastUpdated=gt…</c> (UTC, with fractions so the sandbox compares to the tick).</summary>
    public string? SinceText => Since?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
