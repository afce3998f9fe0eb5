using System.Text.Json;
using Hl7.Fhir.Model;

namespace Lead.Gateway.Smart;

/// <summary>Which search parameter confines a type's search to one patient (R4 definitions), e.g. Coverage → patient.</summary>
internal static class PatientSearchParameters
{
    private static readonly string[] Preferred = ["patient", "subject", "beneficiary", "member"];

    private static readonly Dictionary<string, string?> ByType = ModelInfo.SupportedResources.ToDictionary(
        type => type,
        type => type == "Patient" ? "_id" : Preferred.FirstOrDefault(name => ModelInfo.SearchParameters.Any(p => p.Resource == type && p.Name == name)),
        StringComparer.Ordinal);

    /// <summary>All names that can name the patient in a search (the authorizer checks their values).</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "patient", "subject", "beneficiary", "member", "patient:Patient", "subject:Patient",
    };

    /// <summary>The parameter to add, or null when the type has no patient search parameter (outside the compartment).</summary>
    public static string? For(string type) => ByType.GetValueOrDefault(type);

    /// <summary>The element paths behind a type's patient parameter, below the resource: Group → [member, entity].</summary>
    private static readonly Dictionary<string, string[][]> PathsByType = ByType
        .Where(kv => kv.Value is not null and not "_id")
        .ToDictionary(
            kv => kv.Key,
            kv => ModelInfo.SearchParameters
                .Where(p => p.Resource == kv.Key && p.Name == kv.Value)
                .SelectMany(p => p.Path ?? [])
                .Where(path => path.StartsWith(kv.Key + ".", StringComparison.Ordinal) && !path.Contains('(', StringComparison.Ordinal))
                .Select(path => path.Split('.')[1..])
                .ToArray(),
            StringComparer.Ordinal);

    /// <summary>The <c>reference</c> values of the element(s) that name a resource's patient; none for types outside the compartment.</summary>
    public static IEnumerable<string> References(JsonElement resource, string type)
    {
        foreach (var path in PathsByType.GetValueOrDefault(type) ?? [])
        {
            foreach (var element in Walk(resource, path, 0))
            {
                if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("reference", out var reference)
                    && reference.ValueKind == JsonValueKind.String)
                {
                    yield return reference.GetString()!;
                }
            }
        }
    }

    private static IEnumerable<JsonElement> Walk(JsonElement element, string[] path, int depth)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                foreach (var found in Walk(item, path, depth))
                {
                    yield return found;
                }
            }

            yield break;
        }

        if (depth == path.Length)
        {
            yield return element;
            yield break;
        }

        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(path[depth], out var child))
        {
            foreach (var found in Walk(child, path, depth + 1))
            {
                yield return found;
            }
        }
    }
}
