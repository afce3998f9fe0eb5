using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Search;

/// <summary>
/// The search parameters the sandbox indexes, and which element feeds each. One table drives indexing, query parsing,
/// strict handling and the CapabilityStatement, so they cannot disagree.
/// </summary>
internal static class SearchParameters
{
    public const string Identifier = "identifier";

    public static readonly IReadOnlyList<string> TokenParams = ["identifier", "status", "code", "type", "category"];

    /// <summary>Reference parameters and the elements they index; <c>patient</c> also covers subject/beneficiary when they point at a Patient.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ReferenceParams = new Dictionary<string, string[]>
    {
        ["patient"] = ["patient", "subject", "beneficiary"],
        ["subject"] = ["subject"],
        ["beneficiary"] = ["beneficiary"],
        ["payor"] = ["payor"],
        ["encounter"] = ["encounter"],
        ["member"] = ["member"],
    };

    public static bool IsToken(string name) => TokenParams.Contains(name);

    public static bool IsReference(string name) => ReferenceParams.ContainsKey(name);

    /// <summary>Whether resources of <paramref name="type"/> carry the element(s) a parameter indexes.</summary>
    public static bool Supports(string type, string name)
    {
        if (name is "_id" or "_lastUpdated")
        {
            return true;
        }

        var mapping = ModelInfo.ModelInspector.FindClassMapping(type);
        if (mapping is null)
        {
            return false;
        }

        if (IsToken(name))
        {
            return mapping.FindMappedElementByName(name) is not null;
        }

        return ReferenceParams.TryGetValue(name, out var elements)
            && elements.Any(e => mapping.FindMappedElementByName(e) is not null);
    }

    public static IEnumerable<string> SupportedBy(string type) =>
        TokenParams.Concat(ReferenceParams.Keys).Where(p => Supports(type, p));
}
