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
}
