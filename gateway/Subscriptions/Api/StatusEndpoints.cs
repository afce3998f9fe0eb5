using System.Globalization;
using System.Text.Json.Nodes;
using Lead.Auth.Scopes;
using Lead.Gateway.Smart;
using Lead.Gateway.Subscriptions.Delivery;
using Lead.Gateway.Subscriptions.Storage;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary><c>$status</c> and <c>$events</c> (backport operations), answered from the store.</summary>
internal static class StatusEndpoints
{
    private const int MaxEvents = 100;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/fhir/Subscription/{id}/$status", StatusAsync).RequireFhirAuthorization(endpoints);
        endpoints.MapGet("/fhir/Subscription/{id}/$events", EventsAsync).RequireFhirAuthorization(endpoints);
    }

    private static async Task<IResult> StatusAsync(HttpContext context, string id, SubscriptionStore store, Outbox outbox)
    {
        var (row, refusal) = await FindAsync(context, id, store);
        if (row is null)
        {
            return refusal!;
        }

        var status = NotificationBundle.Build(row, "query-status", row.Status, [], row.EventCount);
        var parameters = status["entry"]![0]!["resource"]!.DeepClone();
        var (pending, failed) = await outbox.BacklogAsync(row.Id, context.RequestAborted);
        // Not in the backport profile (open slicing): how much is waiting, so an operator sees a stuck subscriber.
        ((JsonArray)parameters["parameter"]!).Add(new JsonObject { ["name"] = "pending-notifications", ["valueString"] = pending.ToString(CultureInfo.InvariantCulture) });
        ((JsonArray)parameters["parameter"]!).Add(new JsonObject { ["name"] = "failed-notifications", ["valueString"] = failed.ToString(CultureInfo.InvariantCulture) });
        return FhirBody.Json(new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = 1,
            ["entry"] = new JsonArray(new JsonObject { ["resource"] = parameters, ["search"] = new JsonObject { ["mode"] = "match" } }),
        });
    }

    private static async Task<IResult> EventsAsync(HttpContext context, string id, SubscriptionStore store, Outbox outbox)
    {
        var (row, refusal) = await FindAsync(context, id, store);
        if (row is null)
        {
            return refusal!;
        }

        var since = Number(context, "eventsSinceNumber") ?? 1;
        var until = Number(context, "eventsUntilNumber") ?? row.EventCount;
        if (since < 1 || until < 0)
        {
            return FhirBody.Invalid("eventsSinceNumber and eventsUntilNumber must be positive integers.");
        }

        var content = context.Request.Query["content"].ToString();
        if (content.Length > 0 && content is not (Backport.Empty or Backport.IdOnly or Backport.FullResource))
        {
            return FhirBody.Invalid("content must be empty, id-only or full-resource.");
        }

        var events = await outbox.EventsAsync(row.Id, since, until, MaxEvents, context.RequestAborted);
        // A client may ask for less than it subscribed to, never more. The stored payloads followed the grants of the
        // token that created the subscription; the token asking now may have fewer, so they are checked again.
        var caller = SubscriberContext.From(context);
        var allowed = Topics.Find(row.Topic) is not { } topic || !caller.MayRead(topic.ResourceType) ? Backport.Empty
            : caller.MayReadResource(topic.ResourceType) ? Backport.FullResource : Backport.IdOnly;
        var shownContent = new[] { row.Content, allowed, content.Length == 0 ? row.Content : content }.MinBy(Rank)!;
        var view = shownContent == row.Content ? row : CopyWithContent(row, shownContent);
        var shown = view.Content == Backport.FullResource ? [.. events.Select(e => Readable(e, caller))] : events.Select(e => Strip(e)).ToList();
        return FhirBody.Json(NotificationBundle.Build(view, "query-event", row.Status, shown, row.EventCount));
    }

    private static async Task<(SubscriptionRow?, IResult?)> FindAsync(HttpContext context, string id, SubscriptionStore store)
    {
        var caller = SubscriberContext.From(context);
        if (!caller.Allows("Subscription", SmartInteraction.Read))
        {
            return (null, FhirBody.Forbidden("The token's scopes do not cover reading Subscription."));
        }

        var row = await store.FindAsync(id, context.RequestAborted);
        return row is null || !caller.Owns(row) ? (null, FhirBody.NotFound($"Subscription/{id}")) : (row, null);
    }

    private static long? Number(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value)
            ? long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1
            : null;

    private static int Rank(string content) => content switch { Backport.Empty => 0, Backport.IdOnly => 1, _ => 2 };

    private static SubscriptionRow CopyWithContent(SubscriptionRow row, string content) => new()
    {
        Id = row.Id, Json = row.Json, ClientId = row.ClientId, Scopes = row.Scopes, FhirBase = row.FhirBase, Topic = row.Topic,
        Endpoint = row.Endpoint, Content = content, Status = row.Status, Error = row.Error, EventCount = row.EventCount,
    };

    /// <summary>The event with only the resources the current token may read (additional context of other types).</summary>
    private static NotificationRow Readable(NotificationRow row, SubscriberContext caller)
    {
        var copy = Strip(row);
        copy.FocusJson = row.FocusType is { } type && caller.MayReadResource(type) ? row.FocusJson : null;
        if (row.ContextJson is not null && JsonNode.Parse(row.ContextJson) is JsonArray context)
        {
            var readable = new JsonArray([.. context.OfType<JsonObject>()
                .Where(r => r["resourceType"]?.GetValue<string>() is { } t && caller.MayReadResource(t)).Select(r => r.DeepClone())]);
            copy.ContextJson = readable.Count == 0 ? null : readable.ToJsonString();
        }

        return copy;
    }

    private static NotificationRow Strip(NotificationRow row) => new()
    {
        Id = row.Id, SubscriptionId = row.SubscriptionId, Kind = row.Kind, EventNumber = row.EventNumber, TimestampTicks = row.TimestampTicks,
        FocusSource = row.FocusSource, FocusType = row.FocusType, FocusId = row.FocusId, Interaction = row.Interaction,
    };
}
