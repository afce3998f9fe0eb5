using System.Text.Json.Nodes;
using Lead.Gateway.Fhir;

namespace Lead.Gateway.Identity;

/// <summary>Writes a FHIR JSON body the identity operations built as nodes.</summary>
internal static class FhirJson
{
    public static async Task WriteAsync(HttpContext context, JsonNode body, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = FhirMediaTypes.JsonUtf8;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    /// <summary>A searchset Bundle shell.</summary>
    public static JsonObject Searchset(int? total, JsonArray links, JsonArray entries, DateTimeOffset now)
    {
        var bundle = new JsonObject
        {
            ["resourceType"] = "Bundle",
            ["id"] = Guid.NewGuid().ToString(),
            ["meta"] = new JsonObject { ["lastUpdated"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture) },
            ["type"] = "searchset",
        };
        if (total is { } t)
        {
            bundle["total"] = t;
        }

        bundle["link"] = links;
        bundle["entry"] = entries;
        return bundle;
    }

    public static JsonObject Link(string relation, string url) => new() { ["relation"] = relation, ["url"] = url };

    /// <summary>An OperationOutcome entry (search.mode outcome) telling the client what a Bundle leaves out.</summary>
    public static JsonObject OutcomeEntry(string severity, string code, string diagnostics) => new()
    {
        ["resource"] = new JsonObject
        {
            ["resourceType"] = "OperationOutcome",
            ["issue"] = new JsonArray(new JsonObject { ["severity"] = severity, ["code"] = code, ["diagnostics"] = diagnostics }),
        },
        ["search"] = new JsonObject { ["mode"] = "outcome" },
    };
}
