using System.Text.Json;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>What the crosswalk keeps of one source's Patient: its strong identifiers and demographics.</summary>
internal sealed record PatientFacts(string Source, string PatientId, IReadOnlyList<StrongIdentifier> Identifiers, Demographics Demographics)
{
    /// <summary>Reads a Patient's JSON; null when it is not a Patient with an id.</summary>
    public static PatientFacts? From(string source, JsonElement patient, IdentifierClassifier classifier)
    {
        if (Text(patient, "resourceType") != "Patient" || Text(patient, "id") is not { } id)
        {
            return null;
        }

        return new PatientFacts(source, id, ReadIdentifiers(patient, classifier), ReadDemographics(patient));
    }

    public static List<StrongIdentifier> ReadIdentifiers(JsonElement patient, IdentifierClassifier classifier) =>
        [.. Array(patient, "identifier").Select(i => classifier.Classify(Text(i, "system"), Text(i, "value")))
            .OfType<StrongIdentifier>().Distinct()];

    public static Demographics ReadDemographics(JsonElement patient)
    {
        var names = Array(patient, "name").ToList();
        var name = names.FirstOrDefault(n => Text(n, "use") == "official");
        if (name.ValueKind != JsonValueKind.Object)
        {
            name = names.FirstOrDefault();
        }

        var given = name.ValueKind == JsonValueKind.Object ? Array(name, "given").Select(g => g.GetString()).FirstOrDefault() : null;
        var addresses = Array(patient, "address").ToList();
        var home = addresses.FirstOrDefault(a => Text(a, "use") == "home");
        var postal = Text(home.ValueKind == JsonValueKind.Object ? home : addresses.FirstOrDefault(), "postalCode");
        return Demographics.Create(Text(name, "family"), given, Text(patient, "birthDate"), Text(patient, "gender"), postal);
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string property)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                yield return item;
            }
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()
            : null;
}
