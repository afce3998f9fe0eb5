namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Which events of one change are in the outbox, across attempts: a retry records only the rest (a change without a
/// version has no dedupe key, so recording it twice would be two events), and a change given up says what it lost.
/// </summary>
internal sealed class RecordingProgress
{
    private readonly HashSet<string> recorded = new(StringComparer.Ordinal);
    private readonly HashSet<string> pending = new(StringComparer.Ordinal);

    /// <summary><c>topic|subscription</c> of the events due but not recorded (ids only).</summary>
    public IReadOnlyCollection<string> Pending => pending;

    public bool IsRecorded(SubscriptionTopic topic, string subscriptionId) => recorded.Contains(Key(topic, subscriptionId));

    public void Due(SubscriptionTopic topic, string subscriptionId) => pending.Add(Key(topic, subscriptionId));

    public void Recorded(SubscriptionTopic topic, string subscriptionId)
    {
        recorded.Add(Key(topic, subscriptionId));
        pending.Remove(Key(topic, subscriptionId));
    }

    private static string Key(SubscriptionTopic topic, string subscriptionId) => $"{topic.Key}|{subscriptionId}";
}
