using Hl7.Fhir.Model;

namespace Lead.Gateway.Subscriptions;

/// <summary>Reads a Subscription (backport profile) into a <see cref="SubscriptionSpec"/>, or says what is wrong with it.</summary>
internal static class SubscriptionReader
{
    public static (SubscriptionSpec? Spec, string? Error) Read(Subscription subscription, EndpointPolicy endpoints, SubscriptionsOptions options)
    {
        var topic = Topics.Find(subscription.Criteria);
        if (topic is null)
        {
            return (null, $"Subscription.criteria must be one of the gateway's topics: {string.Join(", ", Topics.All.Select(t => t.Url))}.");
        }

        var filters = new List<SubscriptionFilter>();
        foreach (var text in Extensions(subscription.CriteriaElement, Backport.FilterCriteria).OfType<FhirString>().Select(s => s.Value))
        {
            var (parsed, error) = SubscriptionFilter.Parse(text ?? "", topic);
            if (parsed is null)
            {
                return (null, error);
            }

            filters.AddRange(parsed);
        }

        var channel = subscription.Channel;
        if (channel is null || channel.Type != Subscription.SubscriptionChannelType.RestHook)
        {
            return (null, "Only the rest-hook channel is supported (Subscription.channel.type).");
        }

        var endpointError = endpoints.CheckSyntax(channel.Endpoint, out var endpoint);
        if (endpointError is not null)
        {
            return (null, endpointError);
        }

        var content = Extensions(channel.PayloadElement, Backport.PayloadContent).OfType<Code>().FirstOrDefault()?.Value ?? Backport.IdOnly;
        if (content is not (Backport.Empty or Backport.IdOnly or Backport.FullResource))
        {
            return (null, $"Unknown payload content '{content}': use empty, id-only or full-resource.");
        }

        var contentType = string.IsNullOrEmpty(channel.Payload) ? "application/fhir+json" : channel.Payload;
        if (!contentType.StartsWith("application/fhir+json", StringComparison.OrdinalIgnoreCase) && !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, "Subscription.channel.payload must be application/fhir+json: the gateway sends JSON only.");
        }

        var heartbeat = UnsignedInt(channel, Backport.HeartbeatPeriod);
        if (heartbeat is { } period && period < options.MinHeartbeatSeconds)
        {
            return (null, $"The heartbeat period must be at least {options.MinHeartbeatSeconds} seconds.");
        }

        var headers = channel.Header.Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => h!).ToList();
        if (headers.Any(h => !h.Contains(':', StringComparison.Ordinal) || h.Contains('\n', StringComparison.Ordinal) || h.Contains('\r', StringComparison.Ordinal)))
        {
            return (null, "Each Subscription.channel.header must be one 'Name: value' line.");
        }

        var timeout = UnsignedInt(channel, Backport.Timeout) ?? options.DefaultTimeoutSeconds;
        var maxCount = Extensions(channel, Backport.MaxCount).OfType<PositiveInt>().FirstOrDefault()?.Value ?? 1;
        var spec = new SubscriptionSpec(topic, filters, endpoint!, headers, content, contentType, heartbeat, Math.Clamp(timeout, 1, 300),
            Math.Max(1, maxCount), subscription.EndElement?.Value,
            subscription.Status == Subscription.SubscriptionStatus.Off);
        return (spec, null);
    }

    private static int? UnsignedInt(Subscription.ChannelComponent channel, string url) =>
        Extensions(channel, url).FirstOrDefault() switch
        {
            UnsignedInt u => u.Value,
            Integer i => i.Value,
            PositiveInt p => p.Value,
            _ => null,
        };

    private static IEnumerable<DataType> Extensions(Element? element, string url) =>
        element?.Extension.Where(e => e.Url == url).Select(e => e.Value).OfType<DataType>() ?? [];
}
