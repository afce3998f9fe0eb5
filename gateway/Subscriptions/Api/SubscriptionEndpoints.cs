using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Hosting;
using Lead.Gateway.Smart;
using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>
/// <c>/fhir/Subscription</c> on the unified base, answered from the gateway's own store. A client sees and changes
/// only its own subscriptions, those of its client and patient context (others are 404); the token's grants are stored
/// and bound every notification.
/// </summary>
internal static class SubscriptionEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/fhir/Subscription", (HttpContext context, SubscriptionWriter writer) => writer.WriteAsync(context, null))
            .RequireFhirAuthorization(endpoints);
        endpoints.MapPut("/fhir/Subscription/{id}", (HttpContext context, string id, SubscriptionWriter writer) => writer.WriteAsync(context, id))
            .RequireFhirAuthorization(endpoints);
        endpoints.MapGet("/fhir/Subscription/{id}", ReadAsync).RequireFhirAuthorization(endpoints);
        endpoints.MapGet("/fhir/Subscription", SearchAsync).RequireFhirAuthorization(endpoints);
        endpoints.MapDelete("/fhir/Subscription/{id}", DeleteAsync).RequireFhirAuthorization(endpoints);
    }

    private static async Task<IResult> ReadAsync(HttpContext context, string id, SubscriptionStore store)
    {
        var caller = SubscriberContext.From(context);
        if (!caller.Allows("Subscription", SmartInteraction.Read))
        {
            return FhirBody.Forbidden("The token's scopes do not cover reading Subscription.");
        }

        var row = await store.FindAsync(id, context.RequestAborted);
        return row is null || !caller.Owns(row) ? FhirBody.NotFound($"Subscription/{id}") : FhirBody.Json(SubscriptionJson.Current(row));
    }

    private static async Task<IResult> SearchAsync(HttpContext context, SubscriptionStore store, PublicUrls urls)
    {
        var caller = SubscriberContext.From(context);
        if (!caller.Allows("Subscription", SmartInteraction.Search))
        {
            return FhirBody.Forbidden("The token's scopes do not cover searching Subscription.");
        }

        var rows = await store.ListAsync(caller.ClientId, caller.PatientId, context.RequestAborted);
        var fhirBase = urls.FhirBase(context);
        var entries = new JsonArray();
        foreach (var row in rows)
        {
            entries.Add(new JsonObject
            {
                ["fullUrl"] = $"{fhirBase}/Subscription/{row.Id}",
                ["resource"] = SubscriptionJson.Current(row),
                ["search"] = new JsonObject { ["mode"] = "match" },
            });
        }

        return FhirBody.Json(new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["type"] = "searchset",
            ["total"] = rows.Count,
            ["entry"] = entries,
        });
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id, SubscriptionStore store)
    {
        var caller = SubscriberContext.From(context);
        if (!caller.Allows("Subscription", SmartInteraction.Delete))
        {
            return FhirBody.Forbidden("The token's scopes do not cover deleting Subscription.");
        }

        var row = await store.FindAsync(id, context.RequestAborted);
        if (row is null || !caller.Owns(row))
        {
            return FhirBody.NotFound($"Subscription/{id}");
        }

        await store.DeleteAsync(id, context.RequestAborted);
        return Results.NoContent();
    }
}
