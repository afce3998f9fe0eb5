using System.Text.Json;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>The kick-off's parameters as name/value pairs: the query string, plus a POSTed Parameters resource.</summary>
internal static class ExportParameters
{
    public static async Task<List<KeyValuePair<string, string>>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        var pairs = request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        if (!HttpMethods.IsPost(request.Method) || request.ContentLength == 0)
        {
            return pairs;
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            throw ExportRequestException.BadRequest("The POST body must be a FHIR Parameters resource in JSON.");
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("resourceType", out var type) || type.GetString() != "Parameters")
            {
                throw ExportRequestException.BadRequest("The POST body must be a FHIR Parameters resource.");
            }

            if (root.TryGetProperty("parameter", out var parameters) && parameters.ValueKind == JsonValueKind.Array)
            {
                foreach (var parameter in parameters.EnumerateArray())
                {
                    var name = parameter.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
                    pairs.Add(new(name, Value(parameter)));
                }
            }
        }

        return pairs;
    }

    private static string Value(JsonElement parameter)
    {
        foreach (var property in parameter.EnumerateObject().Where(p => p.Name.StartsWith("value", StringComparison.Ordinal)))
        {
            return property.Value.ValueKind switch
            {
                JsonValueKind.Object when property.Value.TryGetProperty("reference", out var reference) => reference.GetString() ?? "",
                JsonValueKind.String => property.Value.GetString() ?? "",
                _ => property.Value.GetRawText(),
            };
        }

        return "";
    }
}
