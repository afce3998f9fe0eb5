namespace Lead.Gateway.Subscriptions;

/// <summary>One filter criterion, e.g. <c>Encounter?patient=Patient/123</c>: parameter and accepted values (comma = or).</summary>
internal sealed record SubscriptionFilter(string Parameter, IReadOnlyList<string> Values)
{
    /// <summary>Parses <c>Type?a=1&amp;b=2</c> into filters; null with a reason when it is not for the topic's type or uses an unknown parameter.</summary>
    public static (IReadOnlyList<SubscriptionFilter>? Filters, string? Error) Parse(string text, SubscriptionTopic topic)
    {
        var question = text.IndexOf('?', StringComparison.Ordinal);
        var type = question < 0 ? text : text[..question];
        if (type.Length > 0 && type != topic.ResourceType)
        {
            return (null, $"Filter '{text}' is for {type}; topic '{topic.Key}' is about {topic.ResourceType}.");
        }

        var filters = new List<SubscriptionFilter>();
        var query = question < 0 ? "" : text[(question + 1)..];
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            if (!topic.FilterParameters.Contains(name, StringComparer.Ordinal))
            {
                return (null, $"Topic '{topic.Key}' cannot be filtered by '{name}'; it supports {string.Join(", ", topic.FilterParameters)}.");
            }

            if (value.Length == 0)
            {
                return (null, $"Filter parameter '{name}' has no value.");
            }

            filters.Add(new SubscriptionFilter(name, value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
        }

        return (filters, null);
    }

    public override string ToString() => $"{Parameter}={string.Join(',', Values)}";
}
