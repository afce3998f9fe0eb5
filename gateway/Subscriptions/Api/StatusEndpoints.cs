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
        // A client may ask for less than it subscribed to, never more (the stored payload follows its grants).
        var view = content.Length == 0 || Rank(content) >= Rank(row.Content) ? row : CopyWithContent(row, content);
        var shown = view.Content == Backport.FullResource ? events : [.. events.Select(e => Strip(e))];
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
        return row is null || row.ClientId != caller.ClientId ? (null, FhirBody.NotFound($"Subscription/{id}")) : (row, null);
    }

    private static long? Number(HttpContext context, string name) =>
        context.Request.Query.TryGetValue(name, out var value)
            ? long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1
            : null;

    private static int Rank(string content) => content switch { Backport.Empty => 0, Backport.IdOnly => 1, _ => 2 };

    private static SubscriptionRow CopyWithContent(SubscriptionRow row, string content) => new()
    {
        Id = row.Id, Json = row.Json, ClientId = row.ClientId, Scopes = row.Scopes, FhirBase = row.FhirBase, Topic = row.Topic,
        Endpoint = row.Endpoint, Content = content, Status = row.Status, EventCount = row.EventCount,
    };

    private static NotificationRow Strip(NotificationRow row) => new()
    {
        Id = row.Id, SubscriptionId = row.SubscriptionId, Kind = row.Kind, EventNumber = row.EventNumber, TimestampTicks = row.TimestampTicks,
        FocusSource = row.FocusSource, FocusType = row.FocusType, FocusId = row.FocusId, Interaction = row.Interaction,
    };
}
