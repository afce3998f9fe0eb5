using System.Text.Json;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>A notification Bundle as the listener received it, with accessors for the SubscriptionStatus parameters.</summary>
internal sealed record Notification(JsonElement Bundle, IReadOnlyDictionary<string, string> Headers, DateTimeOffset ReceivedAt)
{
    public JsonElement Status => Bundle.GetProperty("entry")[0].GetProperty("resource");

    public string? Type => Parameter("type")?.GetProperty("valueCode").GetString();

    public string? SubscriptionStatus => Parameter("status")?.GetProperty("valueCode").GetString();

    public string? SubscriptionReference => Parameter("subscription")?.GetProperty("valueReference").GetProperty("reference").GetString();

    public IEnumerable<JsonElement> Events => Status.GetProperty("parameter").EnumerateArray().Where(p => p.GetProperty("name").GetString() == "notification-event");

    /// <summary>Focus references of the events.</summary>
    public IEnumerable<string> Focus => Events.SelectMany(e => e.GetProperty("part").EnumerateArray())
        .Where(p => p.GetProperty("name").GetString() == "focus").Select(p => p.GetProperty("valueReference").GetProperty("reference").GetString()!);

    /// <summary>Entries after the status entry.</summary>
    public IReadOnlyList<JsonElement> Entries => [.. Bundle.GetProperty("entry").EnumerateArray().Skip(1)];

    public bool IsFor(string subscriptionId) => SubscriptionReference?.EndsWith("/Subscription/" + subscriptionId, StringComparison.Ordinal) == true;

    public JsonElement? Parameter(string name) =>
        Status.GetProperty("parameter").EnumerateArray().Where(p => p.GetProperty("name").GetString() == name).Select(p => (JsonElement?)p).FirstOrDefault();
}
