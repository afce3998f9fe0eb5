namespace Lead.Gateway.Identity.Upstream;

/// <summary>A source could not answer a read the identity features needed; the message names no patient data.</summary>
internal sealed class SourceReadException(string sourceId, string reason, int? status = null, Exception? inner = null)
    : Exception($"Source '{sourceId}': {reason}.", inner)
{
    public string SourceId { get; } = sourceId;

    /// <summary>The source's HTTP status, when it answered.</summary>
    public int? Status { get; } = status;
}
