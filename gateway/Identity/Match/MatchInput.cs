using System.Text.Json;

namespace Lead.Gateway.Identity.Match;

/// <summary>The $match request: the Patient to match, <c>onlyCertainMatches</c>, <c>count</c>.</summary>
internal sealed record MatchInput(JsonElement Patient, bool OnlyCertainMatches, int? Count)
{
    /// <summary>Parses a Parameters body (a bare Patient is accepted too); the error names what is wrong, never a value.</summary>
    public static (MatchInput? Input, string? Error) Parse(JsonElement body)
    {
        var type = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("resourceType", out var t) ? t.GetString() : null;
        if (type == "Patient")
        {
            return (new MatchInput(body.Clone(), false, null), null);
        }

        if (type != "Parameters")
        {
            return (null, "The body must be a Parameters resource with a 'resource' parameter holding a Patient.");
        }

        JsonElement? patient = null;
        var onlyCertain = false;
        int? count = null;
        foreach (var parameter in body.TryGetProperty("parameter", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray() : [])
        {
            switch (parameter.TryGetProperty("name", out var n) ? n.GetString() : null)
            {
                case "resource" when parameter.TryGetProperty("resource", out var r):
                    patient = r.Clone();
                    break;
                case "onlyCertainMatches" when parameter.TryGetProperty("valueBoolean", out var b) && b.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    onlyCertain = b.GetBoolean();
                    break;
                case "onlyCertainMatches":
                    return (null, "Parameter 'onlyCertainMatches' must be a valueBoolean.");
                case "count" when parameter.TryGetProperty("valueInteger", out var c) && c.TryGetInt32(out var value) && value > 0:
                    count = value;
                    break;
                case "count":
                    return (null, "Parameter 'count' must be a positive valueInteger.");
            }
        }

        if (patient is not { } resource || !resource.TryGetProperty("resourceType", out var rt) || rt.GetString() != "Patient")
        {
            return (null, "Parameter 'resource' must hold a Patient.");
        }

        return (new MatchInput(resource, onlyCertain, count), null);
    }
}
