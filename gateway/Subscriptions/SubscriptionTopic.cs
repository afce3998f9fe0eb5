namespace Lead.Gateway.Subscriptions;

/// <summary>A topic the gateway publishes: what resource it watches and, where it matters, which kind of source.</summary>
/// <param name="SourceKind">Only changes in sources of this kind raise the topic; null means any source.</param>
/// <param name="FilterParameters">The filter parameters subscribers may use (<c>Type?name=value</c>).</param>
internal sealed record SubscriptionTopic(
    string Key,
    string Title,
    string Description,
    string ResourceType,
    string? SourceKind,
    IReadOnlyList<string> FilterParameters)
{
    public string Url => Topics.UrlBase + Key;
}
