namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>A source could not deliver its part of an export; the message names no PHI (no query values).</summary>
internal sealed class SourceFailedException(string sourceId, string reason, bool timedOut = false)
    : Exception($"Source '{sourceId}': {reason}.")
{
    public string SourceId { get; } = sourceId;

    public bool TimedOut { get; } = timedOut;

    /// <summary>
    /// The source refused one search (a 4xx such as 400 for a parameter it does not support): that search is reported
    /// incomplete while the source's other searches go on. Otherwise the whole source is considered down.
    /// </summary>
    public bool SearchOnly { get; init; }
}
