using System.Text.Json.Nodes;
using Lead.Gateway.Hosting;
using Lead.Gateway.Smart;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>
/// The topics as R4 resources: the backport's representation of an R5 SubscriptionTopic in R4 is a Basic resource
/// carrying the R5 elements as cross-version extensions. Readable with any valid token.
/// </summary>
internal static class TopicEndpoints
{
    private const string R5 = "http://hl7.org/fhir/5.0/StructureDefinition/extension-SubscriptionTopic.";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/fhir/SubscriptionTopic", (HttpContext context, PublicUrls urls) =>
        {
            var entries = new JsonArray();
            foreach (var topic in Topics.All)
            {
                entries.Add(new JsonObject
                {
                    ["fullUrl"] = $"{urls.FhirBase(context)}/SubscriptionTopic/{topic.Key}",
                    ["resource"] = ToBasic(topic),
                    ["search"] = new JsonObject { ["mode"] = "match" },
                });
            }

            return FhirBody.Json(new JsonObject { ["resourceType"] = "Bundle", ["type"] = "searchset", ["total"] = Topics.All.Count, ["entry"] = entries });
        }).RequireFhirAuthorization(endpoints);
        endpoints.MapGet("/fhir/SubscriptionTopic/{id}", (string id) =>
            Topics.All.FirstOrDefault(t => t.Key == id) is { } topic ? FhirBody.Json(ToBasic(topic)) : FhirBody.NotFound($"SubscriptionTopic/{id}"))
            .RequireFhirAuthorization(endpoints);
    }

    public static JsonObject ToBasic(SubscriptionTopic topic)
    {
        var filters = new JsonArray();
        foreach (var parameter in topic.FilterParameters)
        {
            filters.Add(new JsonObject
            {
                ["url"] = R5 + "canFilterBy",
                ["extension"] = new JsonArray(
                    new JsonObject { ["url"] = "resource", ["valueUri"] = topic.ResourceType },
                    new JsonObject { ["url"] = "filterParameter", ["valueString"] = parameter }),
            });
        }

        var extensions = new JsonArray
        {
            new JsonObject { ["url"] = R5 + "url", ["valueUri"] = topic.Url },
            new JsonObject { ["url"] = R5 + "title", ["valueString"] = topic.Title },
            new JsonObject { ["url"] = R5 + "status", ["valueCode"] = "active" },
            new JsonObject { ["url"] = R5 + "description", ["valueMarkdown"] = topic.Description + (topic.SourceKind is { } kind ? $" Sources of kind '{kind}' only." : "") },
            new JsonObject
            {
                ["url"] = R5 + "resourceTrigger",
                ["extension"] = new JsonArray(
                    new JsonObject { ["url"] = "resource", ["valueUri"] = topic.ResourceType },
                    new JsonObject { ["url"] = "supportedInteraction", ["valueCode"] = "create" },
                    new JsonObject { ["url"] = "supportedInteraction", ["valueCode"] = "update" }),
            },
        };
        foreach (var filter in filters)
        {
            extensions.Add(filter!.DeepClone());
        }

        return new JsonObject
        {
            ["resourceType"] = "Basic",
            ["id"] = topic.Key,
            ["extension"] = extensions,
            ["code"] = new JsonObject
            {
                ["coding"] = new JsonArray(new JsonObject { ["system"] = "http://hl7.org/fhir/fhir-types", ["code"] = "SubscriptionTopic" }),
            },
        };
    }
}
