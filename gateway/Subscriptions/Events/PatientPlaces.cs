using Lead.Gateway.Routing;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Places patient references in a source. Sources hand out their own (often numeric) ids, so <c>Patient/17</c> of the
/// ACO and <c>Patient/17</c> of the HIE are different people: a patient is matched only as the pair (source, id),
/// written as the key <c>Patient/{id}@{source}</c>. A reference that cannot be placed matches nothing (fail closed).
/// </summary>
internal sealed class PatientPlaces(SourceRegistry registry, UnifiedRoutes routes)
{
    public static string Key(string source, string id) => $"Patient/{id}@{source}";

    /// <summary>The (source, id) of a key; null for anything else (a legacy bare patient id, for example).</summary>
    public static (string Source, string Id)? Parse(string? key)
    {
        if (key is null || !key.StartsWith("Patient/", StringComparison.Ordinal) || key.IndexOf('@', StringComparison.Ordinal) is var at && at < 0)
        {
            return null;
        }

        var source = key[(at + 1)..];
        var id = key["Patient/".Length..at];
        return source.Length == 0 || id.Length == 0 ? null : (source, id);
    }

    /// <summary>Whether the reference names a Patient (whatever its base).</summary>
    public static bool IsPatient(string reference) => FilterMatcher.Normalize(reference)?.StartsWith("Patient/", StringComparison.Ordinal) == true;

    /// <summary>
    /// A subscriber's patient reference (a filter value): a gateway URL <c>{gateway}/fhir/{source}/Patient/17</c> names
    /// that source; an upstream's own URL names its source; a relative <c>Patient/17</c> (or a bare id) names the
    /// source of the base the subscription was created at, which at the unified base is where it routes Patient.
    /// </summary>
    /// <param name="fhirBase">The FHIR base the subscription was created at (<c>…/fhir</c> or <c>…/fhir/{source}</c>).</param>
    public string? ForSubscriber(string value, string fhirBase)
    {
        var reference = value.Contains('/', StringComparison.Ordinal) ? value : "Patient/" + value;
        var (unifiedBase, baseSource) = SplitBase(fhirBase);
        return Place(reference, baseSource ?? routes.ByType.GetValueOrDefault("Patient"), unifiedBase);
    }

    /// <summary>
    /// The filter with its patient values placed (<see cref="ForSubscriber"/>); a value that cannot be placed is dropped,
    /// so a filter left without values matches nothing.
    /// </summary>
    public SubscriptionFilter ForFilter(SubscriptionFilter filter, string fhirBase) =>
        !FilterMatcher.ReferenceParameters.Contains(filter.Parameter) ? filter
            : filter with { Values = [.. filter.Values.Select(v => NamesPatient(filter.Parameter, v) ? ForSubscriber(v, fhirBase) : v).OfType<string>()] };

    /// <summary>A filter value that means a Patient: <c>Patient/…</c> whatever the base, or a bare id of a patient parameter.</summary>
    public static bool NamesPatient(string parameter, string value) =>
        value.Contains('/', StringComparison.Ordinal) ? IsPatient(value) : FilterMatcher.PatientParameters.Contains(parameter);

    /// <summary>The key of the token patient's record in <paramref name="source"/>; null when the source is unknown.</summary>
    public string? ForToken(string patientId, string? source) =>
        source is not null && registry.Find(source) is { } found ? Key(found.Id, patientId) : null;

    /// <summary>
    /// A patient reference found in data: relative ones are in <paramref name="relativeTo"/> (the source the resource
    /// came from; null when the data has no source, as a forwarded message), absolute ones are placed by an upstream's
    /// base or a gateway URL under <paramref name="gatewayBase"/>; anything else is nowhere.
    /// </summary>
    public string? Place(string reference, string? relativeTo, string? gatewayBase)
    {
        if (FilterMatcher.Normalize(reference) is not { } normalized || !normalized.StartsWith("Patient/", StringComparison.Ordinal))
        {
            return null;
        }

        var id = normalized["Patient/".Length..];
        if (!reference.Contains("://", StringComparison.Ordinal) && !reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            // Relative: Patient/17 (possibly with _history) in the context's source.
            return relativeTo is null || !reference.StartsWith("Patient/", StringComparison.Ordinal) ? null : ForToken(id, relativeTo);
        }

        var path = StripHistory(reference);
        if (gatewayBase is not null && path.StartsWith(gatewayBase + "/", StringComparison.Ordinal))
        {
            var rest = path[(gatewayBase.Length + 1)..].Split('/');
            return rest switch
            {
                [var source, "Patient", _] => ForToken(id, registry.Find(source)?.Id),
                ["Patient", _] => ForToken(id, routes.ByType.GetValueOrDefault("Patient")),
                _ => null,
            };
        }

        var upstream = registry.All.FirstOrDefault(s => s.UpstreamPrefixes.Any(p => path == $"{p}/Patient/{id}"));
        return upstream is null ? null : Key(upstream.Id, id);
    }

    private static string StripHistory(string reference)
    {
        var history = reference.IndexOf("/_history/", StringComparison.Ordinal);
        return history < 0 ? reference : reference[..history];
    }

    /// <summary>The unified base (<c>…/fhir</c>) and the source a per-source base names (null at the unified base).</summary>
    private (string UnifiedBase, string? Source) SplitBase(string fhirBase)
    {
        var trimmed = fhirBase.TrimEnd('/');
        var fhir = trimmed.LastIndexOf("/fhir", StringComparison.Ordinal);
        if (fhir < 0)
        {
            return (trimmed, null);
        }

        var unified = trimmed[..(fhir + "/fhir".Length)];
        var rest = trimmed[unified.Length..].Trim('/');
        return (unified, rest.Length > 0 && !rest.Contains('/', StringComparison.Ordinal) ? registry.Find(rest)?.Id : null);
    }
}
