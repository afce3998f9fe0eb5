namespace Lead.Gateway.Sources;

/// <summary>A source could not answer a read the gateway made of it (<see cref="SourceReader"/>); the message names no patient data.</summary>
internal sealed class SourceReadException(string sourceId, string reason, int? status = null, Exception? inner = null)
    : Exception($"Source '{sourceId}': {reason}.", inner)
{
    public string SourceId { get; } = sourceId;

    /// <summary>The source's HTTP status, when it answered.</summary>
    public int? Status { get; } = status;
}
