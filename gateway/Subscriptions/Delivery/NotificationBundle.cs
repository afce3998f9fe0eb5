using System.Globalization;
using System.Text.Json.Nodes;
using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions.Delivery;

/// <summary>
/// Notification Bundles (backport R4: <c>history</c>, led by the SubscriptionStatus Parameters) for deliveries and for
/// <c>$events</c>. Payload content decides what follows: nothing (empty), references (id-only) or resources.
/// </summary>
internal static class NotificationBundle
{
    public static JsonObject Build(SubscriptionRow subscription, string type, string status, IReadOnlyList<NotificationRow> events, long eventsSinceStart)
    {
        var subscriptionUrl = $"{subscription.FhirBase}/Subscription/{subscription.Id}";
        var parameters = new JsonArray
        {
            Parameter("subscription", "valueReference", new JsonObject { ["reference"] = subscriptionUrl }),
            Parameter("topic", "valueCanonical", subscription.Topic),
            Parameter("status", "valueCode", status),
            Parameter("type", "valueCode", type),
            Parameter("events-since-subscription-start", "valueString", eventsSinceStart.ToString(CultureInfo.InvariantCulture)),
        };

        var entries = new JsonArray();
        foreach (var row in events.Where(e => e.EventNumber is not null))
        {
            var parts = new JsonArray
            {
                Parameter("event-number", "valueString", row.EventNumber!.Value.ToString(CultureInfo.InvariantCulture)),
                Parameter("timestamp", "valueInstant", Instant(row.TimestampTicks)),
            };
            if (subscription.Content != Backport.Empty)
            {
                var focusUrl = FocusUrl(subscription, row);
                parts.Add(Parameter("focus", "valueReference", new JsonObject { ["reference"] = focusUrl }));
                entries.Add(FocusEntry(focusUrl, row));
                foreach (var context in Context(row))
                {
                    var contextUrl = ContextUrl(context);
                    parts.Add(Parameter("additional-context", "valueReference", new JsonObject { ["reference"] = contextUrl }));
                    entries.Add(new JsonObject { ["fullUrl"] = contextUrl, ["resource"] = context });
                }
            }

            parameters.Add(new JsonObject { ["name"] = "notification-event", ["part"] = parts });
        }

        if (subscription.Error is { } error && status == SubscriptionStates.Error)
        {
            parameters.Add(Parameter("error", "valueCodeableConcept", new JsonObject { ["text"] = error }));
        }

        var statusEntry = new JsonObject
        {
            ["fullUrl"] = "urn:uuid:" + Guid.NewGuid().ToString("D"),
            ["resource"] = new JsonObject
            {
                ["resourceType"] = "Parameters",
                ["meta"] = new JsonObject { ["profile"] = new JsonArray(Backport.StatusProfile) },
                ["parameter"] = parameters,
            },
            ["request"] = new JsonObject { ["method"] = "GET", ["url"] = $"{subscriptionUrl}/$status" },
            ["response"] = new JsonObject { ["status"] = "200" },
        };
        entries.Insert(0, statusEntry);
        return new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString("D"),
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(Backport.NotificationProfile) },
            ["type"] = "history",
            ["timestamp"] = Instant(DateTimeOffset.UtcNow.UtcTicks),
            ["entry"] = entries,
        };
    }

    private static JsonObject FocusEntry(string focusUrl, NotificationRow row)
    {
        var create = row.Interaction == "create";
        var entry = new JsonObject
        {
            ["fullUrl"] = focusUrl,
            ["request"] = new JsonObject { ["method"] = create ? "POST" : "PUT", ["url"] = create ? row.FocusType : $"{row.FocusType}/{row.FocusId}" },
            ["response"] = new JsonObject { ["status"] = create ? "201" : "200" },
        };
        if (row.FocusJson is not null)
        {
            entry["resource"] = JsonNode.Parse(row.FocusJson);
        }

        return entry;
    }

    private static string FocusUrl(SubscriptionRow subscription, NotificationRow row) =>
        row.FocusSource is null
            ? (row.FocusId!.Contains(':', StringComparison.Ordinal) ? row.FocusId : $"{row.FocusType}/{row.FocusId}")
            : $"{subscription.FhirBase}/{row.FocusSource}/{row.FocusType}/{row.FocusId}";

    private static IEnumerable<JsonObject> Context(NotificationRow row) =>
        row.ContextJson is null ? [] : (JsonNode.Parse(row.ContextJson) as JsonArray ?? []).OfType<JsonObject>().Select(c => (JsonObject)c.DeepClone());

    private static string ContextUrl(JsonObject resource) =>
        resource["id"] is { } id ? $"{resource["resourceType"]}/{id}" : "urn:uuid:" + Guid.NewGuid().ToString("D");

    private static JsonObject Parameter(string name, string valueName, JsonNode value) => new() { ["name"] = name, [valueName] = value };

    private static string Instant(long ticks) => new DateTimeOffset(ticks, TimeSpan.Zero).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
