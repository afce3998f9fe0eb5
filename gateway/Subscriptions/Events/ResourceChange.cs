namespace Lead.Gateway.Subscriptions.Events;

/// <summary>A committed create or update of a watched resource type, as an observer saw it.</summary>
/// <param name="Json">The resource as written; null when the processor should read it (from the sandbox store, or for a PATCH through an upstream, from the source).</param>
/// <param name="PreviousJson">The version before, when known; null for a create or when unknown (an upstream's update: the processor reads it for transition topics).</param>
internal sealed record ResourceChange(
    string SourceId,
    string SourceKind,
    string Type,
    string Id,
    string? VersionId,
    string Interaction,
    string? Json,
    string? PreviousJson,
    DateTimeOffset AcceptedAt)
{
    /// <summary>Same for both observers of one write: source, type, id and version (null when the version is unknown).</summary>
    public string? Key => VersionId is null ? null : $"{SourceId}/{Type}/{Id}/_history/{VersionId}";
}
