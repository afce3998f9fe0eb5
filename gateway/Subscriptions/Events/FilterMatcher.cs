using System.Text.Json;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Evaluates a subscription's filters on a resource. Patient references compare as (source, id) keys
/// (<see cref="PatientPlaces"/>: the subscription's values are placed when it is loaded, the resource's by
/// <c>placePatient</c>); other references compare <c>Type/id</c> (or the bare id) whatever their base; token
/// parameters compare <c>code</c> or <c>system|code</c>.
/// </summary>
internal static class FilterMatcher
{
    /// <summary>Reference parameters of the gateway's topics.</summary>
    public static readonly IReadOnlySet<string> ReferenceParameters =
        new HashSet<string>(["patient", "subject", "beneficiary", "subscriber", "member", "service-provider", "payor", "managing-entity"], StringComparer.Ordinal);

    /// <summary>Reference parameters whose bare id means a Patient.</summary>
    public static readonly IReadOnlySet<string> PatientParameters =
        new HashSet<string>(["patient", "subject", "beneficiary", "subscriber", "member"], StringComparer.Ordinal);

    /// <param name="placePatient">The (source, id) key of a patient reference in the resource; null when it cannot be placed.</param>
    public static bool Matches(IReadOnlyList<SubscriptionFilter> filters, string type, JsonElement resource, Func<string, string?> placePatient) =>
        filters.All(f => Values(type, f.Parameter, resource, placePatient).Any(v => f.Values.Any(wanted => Same(wanted, v))));

    /// <summary>The resource's values for a filter parameter of the gateway's topics.</summary>
    public static IEnumerable<string> Values(string type, string parameter, JsonElement resource, Func<string, string?> placePatient) => (type, parameter) switch
    {
        ("Encounter", "patient" or "subject") => References(resource, "subject", placePatient),
        ("Encounter", "service-provider") => References(resource, "serviceProvider", placePatient),
        ("Encounter", "class") => Coding(resource, "class"),
        ("Coverage", "patient" or "beneficiary") => References(resource, "beneficiary", placePatient),
        ("Coverage", "subscriber") => References(resource, "subscriber", placePatient),
        ("Coverage", "payor") => References(resource, "payor", placePatient),
        ("Group", "member" or "patient") => Members(resource, placePatient),
        ("Group", "managing-entity") => References(resource, "managingEntity", placePatient),
        _ => [],
    };

    /// <summary>The <c>Type/id</c> a reference names, whatever its base or version suffix.</summary>
    public static string? Normalize(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        var parts = reference.Split('/');
        var history = Array.IndexOf(parts, "_history");
        var end = history > 0 ? history : parts.Length;
        return end >= 2 ? $"{parts[end - 2]}/{parts[end - 1]}" : reference;
    }

    private static bool Same(string wanted, string actual)
    {
        if (wanted.Contains('/', StringComparison.Ordinal))
        {
            return Normalize(wanted) == actual || wanted == actual;
        }

        // A bare id matches the id of a reference; a bare code matches a code.
        return actual == wanted || actual.EndsWith("/" + wanted, StringComparison.Ordinal) || actual.EndsWith("|" + wanted, StringComparison.Ordinal);
    }

    private static IEnumerable<string> References(JsonElement resource, string property, Func<string, string?> placePatient)
    {
        if (!resource.TryGetProperty(property, out var value))
        {
            yield break;
        }

        foreach (var item in value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : new[] { value }.AsEnumerable())
        {
            if (item.ValueKind == JsonValueKind.Object && item.TryGetProperty("reference", out var r) && Normalize(r.GetString()) is { } normalized
                && (normalized.StartsWith("Patient/", StringComparison.Ordinal) ? placePatient(r.GetString()!) : normalized) is { } found)
            {
                yield return found;
            }
        }
    }

    private static List<string> Members(JsonElement group, Func<string, string?> placePatient)
    {
        if (!group.TryGetProperty("member", out var members) || members.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return members.EnumerateArray().SelectMany(m => References(m, "entity", placePatient)).ToList();
    }

    private static IEnumerable<string> Coding(JsonElement resource, string property)
    {
        if (!resource.TryGetProperty(property, out var coding) || coding.ValueKind != JsonValueKind.Object)
        {
            yield break;
        }

        var code = coding.TryGetProperty("code", out var c) ? c.GetString() : null;
        var system = coding.TryGetProperty("system", out var s) ? s.GetString() : null;
        if (code is not null)
        {
            yield return code;
            yield return $"{system}|{code}";
        }
    }
}
