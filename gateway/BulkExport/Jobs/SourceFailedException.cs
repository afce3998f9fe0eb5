namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>A source could not deliver its part of an export; the message names no PHI (no query values).</summary>
internal sealed class SourceFailedException(string sourceId, string reason, bool timedOut = false)
    : Exception($"Source '{sourceId}': {reason}.")
{
    public string SourceId { get; } = sourceId;

    public bool TimedOut { get; } = timedOut;
}
