namespace Lead.Gateway.Subscriptions;

/// <summary>What a Subscription asks for, once read and checked.</summary>
internal sealed record SubscriptionSpec(
    SubscriptionTopic Topic,
    IReadOnlyList<SubscriptionFilter> Filters,
    Uri Endpoint,
    IReadOnlyList<string> Headers,
    string Content,
    string ContentType,
    int? HeartbeatSeconds,
    int TimeoutSeconds,
    int MaxCount,
    DateTimeOffset? End,
    bool Off);
