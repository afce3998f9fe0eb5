using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Search;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>The sandbox's CapabilityStatement, written from the same tables that drive search, so it never over-promises.</summary>
internal static class CapabilityStatementJson
{
    private static readonly string[] Interactions = ["read", "vread", "update", "patch", "delete", "history-instance", "history-type", "create", "search-type"];
    private static readonly string[] SystemInteractions = ["transaction", "batch"];

    // The resource list and parameters never change at run time; only the URL does.
    private static readonly (string Type, string[] Params)[] Resources =
        [.. ModelInfo.SupportedResources.Order(StringComparer.Ordinal).Select(t => (t, SearchParameters.SupportedBy(t).ToArray()))];

    public static string Write(string baseUrl, string sourceId) => BundleJson.Write(w =>
    {
        w.WriteString("resourceType", "CapabilityStatement");
        w.WriteString("status", "active");
        w.WriteString("date", BundleJson.Instant(DateTimeOffset.UtcNow));
        w.WriteString("publisher", "LEAD Exchange Gateway");
        w.WriteString("kind", "instance");
        w.WriteStartObject("software");
        w.WriteString("name", "LEAD Exchange Gateway sandbox FHIR server");
        w.WriteEndObject();
        w.WriteStartObject("implementation");
        w.WriteString("description", $"Sandbox source {sourceId} (synthetic data only)");
        w.WriteString("url", baseUrl);
        w.WriteEndObject();
        w.WriteString("fhirVersion", "4.0.1");
        w.WriteStartArray("format");
        w.WriteStringValue("application/fhir+json");
        w.WriteStringValue("json");
        w.WriteEndArray();
        w.WriteStartArray("rest");
        w.WriteStartObject();
        w.WriteString("mode", "server");
        w.WriteStartArray("resource");
        foreach (var (type, parameters) in Resources)
        {
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteStartArray("interaction");
            foreach (var interaction in Interactions)
            {
                w.WriteStartObject();
                w.WriteString("code", interaction);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("versioning", "versioned");
            w.WriteBoolean("readHistory", true);
            w.WriteBoolean("updateCreate", true);
            w.WriteBoolean("conditionalCreate", true);
            var references = parameters.Where(SearchParameters.IsReference).ToList();
            if (references.Count > 0)
            {
                // FHIR forbids empty arrays.
                w.WriteStartArray("searchInclude");
                foreach (var reference in references)
                {
                    w.WriteStringValue($"{type}:{reference}");
                }

                w.WriteEndArray();
            }
            w.WriteStartArray("searchParam");
            Param(w, "_id", "token");
            Param(w, "_lastUpdated", "date");
            foreach (var parameter in parameters)
            {
                Param(w, parameter, SearchParameters.IsReference(parameter) ? "reference" : "token");
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("interaction");
        foreach (var code in SystemInteractions)
        {
            w.WriteStartObject();
            w.WriteString("code", code);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
    });

    private static void Param(System.Text.Json.Utf8JsonWriter w, string name, string type)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("type", type);
        w.WriteEndObject();
    }
}
