using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson;

namespace Lead.Gateway.Fhir.Patch;

/// <summary>
/// Applies an RFC 6902 JSON Patch (<c>application/json-patch+json</c>) to a FHIR resource in JSON, all or nothing, with
/// Microsoft.AspNetCore.JsonPatch.SystemTextJson. The gateway (to validate a patch's result) and the sandbox servers (to
/// commit it) use this one implementation, so what is validated is what the sandbox stores. A patch may not change the
/// resource's type or id.
/// </summary>
internal static class JsonPatchApplier
{
    public const string MediaType = "application/json-patch+json";

    private static readonly string[] Ops = ["add", "remove", "replace", "move", "copy", "test"];

    public static bool IsJsonPatch(string? contentType) =>
        contentType?.Split(';', 2)[0].Trim().Equals(MediaType, StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The patched copy of <paramref name="resource"/>; throws <see cref="JsonPatchFailure"/> (400 malformed, 422 not applicable).</summary>
    public static JsonObject Apply(JsonObject resource, ReadOnlySpan<byte> patch)
    {
        var document = Parse(patch);
        var target = (JsonObject)resource.DeepClone();
        JsonPatchError? first = null;
        try
        {
            document.ApplyTo(target, error => first ??= error);
        }
        catch (Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions.JsonPatchException ex)
        {
            // A path the library cannot even parse (a bad "~" escape) is thrown, not reported: the document is malformed.
            var failed = ex.FailedOperation;
            var at = failed is null ? -1 : document.Operations.FindIndex(o => ReferenceEquals(o, failed));
            throw new JsonPatchFailure(400, $"JSON Patch operation {at} ({failed?.op} {failed?.path}) has a path that is not a valid JSON Pointer.", ex);
        }

        if (first is not null)
        {
            var index = document.Operations.FindIndex(o => ReferenceEquals(o, first.Operation));
            var op = first.Operation;
            // Never the library's message: a failed "test" quotes the current value, which a caller allowed to update but
            // not to read must not learn this way.
            throw new JsonPatchFailure(422, $"JSON Patch operation {index} ({op?.op} {op?.path}) cannot be applied: its target does not exist or its test failed.", $"Patch.operation[{index}]");
        }

        foreach (var key in (string[])["resourceType", "id"])
        {
            if (!JsonNode.DeepEquals(resource[key], target[key]))
            {
                throw new JsonPatchFailure(422, $"The JSON Patch changes the resource's {key}; a patch may not.", $"Patch.operation[{ChangedBy(document, key)}]");
            }
        }

        return target;
    }

    // Structural checks first, so a malformed document is a 400 naming its operation rather than a library exception.
    private static JsonPatchDocument Parse(ReadOnlySpan<byte> patch)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(patch);
        }
        catch (JsonException)
        {
            throw new JsonPatchFailure(400, "The JSON Patch document is not valid JSON.");
        }

        if (root is not JsonArray operations || operations.Count == 0)
        {
            throw new JsonPatchFailure(400, "A JSON Patch document is a non-empty JSON array of operations (RFC 6902).");
        }

        for (var i = 0; i < operations.Count; i++)
        {
            var where = $"Patch.operation[{i}]";
            if (operations[i] is not JsonObject operation
                || operation["op"] is not JsonValue opValue || !opValue.TryGetValue<string>(out var op) || !Ops.Contains(op))
            {
                throw new JsonPatchFailure(400, $"JSON Patch operation {i} has no valid 'op' (one of {string.Join(", ", Ops)}).", where);
            }

            if (!IsPointer(operation["path"]))
            {
                throw new JsonPatchFailure(400, $"JSON Patch operation {i} ({op}) has no valid 'path' (a JSON Pointer such as /birthDate).", where);
            }

            if (op is "move" or "copy" && !IsPointer(operation["from"]))
            {
                throw new JsonPatchFailure(400, $"JSON Patch operation {i} ({op}) has no valid 'from'.", where);
            }

            if (op is "add" or "replace" or "test" && !operation.ContainsKey("value"))
            {
                throw new JsonPatchFailure(400, $"JSON Patch operation {i} ({op}) has no 'value'.", where);
            }
        }

        try
        {
            return JsonSerializer.Deserialize<JsonPatchDocument>(patch)
                ?? throw new JsonPatchFailure(400, "The JSON Patch document is empty.");
        }
        catch (JsonException ex)
        {
            throw new JsonPatchFailure(400, "The JSON Patch document cannot be read: " + ex.Message);
        }
    }

    // RFC 6901: empty, or "/"-separated tokens in which "~" only appears as "~0" or "~1".
    private static bool IsPointer(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var pointer) && (pointer.Length == 0 || pointer[0] == '/')
        && EscapesValid(pointer);

    private static bool EscapesValid(string pointer)
    {
        for (var i = pointer.IndexOf('~', StringComparison.Ordinal); i >= 0; i = pointer.IndexOf('~', i + 1))
        {
            if (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1'))
            {
                return false;
            }
        }

        return true;
    }

    private static int ChangedBy(JsonPatchDocument document, string key) =>
        Math.Max(0, document.Operations.FindIndex(o => o.path == "/" + key || o.path.StartsWith("/" + key + "/", StringComparison.Ordinal)));
}
