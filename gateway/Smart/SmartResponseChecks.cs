using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.ElementModel;
using Hl7.Fhir.FhirPath;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Auth.Scopes;

namespace Lead.Gateway.Smart;

/// <summary>
/// The data-dependent half of SMART enforcement, applied to a buffered upstream response: a resource outside the
/// token's patient compartment or outside its v2 constraints is hidden (404/403); Bundles lose the entries the token
/// may not see (included resources of other patients or types the token does not cover).
/// </summary>
internal static class SmartResponseChecks
{
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Recoverable));

    /// <summary>Null when the resource may be returned; otherwise the status and reason to answer with.</summary>
    public static (int Status, string Reason)? CheckResource(JsonElement resource, SmartResponseCheck check)
    {
        var type = resource.TryGetProperty("resourceType", out var t) ? t.GetString() : null;
        if (type is null)
        {
            return (502, "The source returned a body that is not a FHIR resource.");
        }

        if (type is "Bundle" or "OperationOutcome")
        {
            return null;
        }

        if (check.PatientId is { } patient && !BelongsToPatient(resource, type, patient))
        {
            return (404, "Resource not found.");
        }

        if (!Covers(check.Token, type))
        {
            return (403, $"The token's scopes do not cover {type}.");
        }

        if (check.Constraints.Count > 0 && !check.Constraints.Any(set => set.All(c => Satisfies(resource, type, c))))
        {
            return (403, $"The token's scopes cover {type} only where {Describe(check.Constraints)}.");
        }

        return null;
    }

    private static bool Covers(SmartTokenContext token, string type) =>
        Enum.GetValues<SmartContext>().Any(context =>
            token.Scopes.Allows(context, type, SmartInteraction.Read) || token.Scopes.Allows(context, type, SmartInteraction.Search));

    /// <summary>Removes the entries the token may not see; returns how many were removed.</summary>
    public static int FilterBundle(JsonObject bundle, SmartResponseCheck check)
    {
        if (bundle["entry"] is not JsonArray entries)
        {
            return 0;
        }

        var removed = 0;
        for (var i = entries.Count - 1; i >= 0; i--)
        {
            if (entries[i]?["resource"] is not JsonObject resource)
            {
                continue;
            }

            using var document = JsonDocument.Parse(resource.ToJsonString());
            var mode = entries[i]?["search"]?["mode"]?.GetValue<string>();
            // Matches were already confined by the search parameters the gateway added; includes were not.
            var relaxed = mode == "match" ? check with { Constraints = [] } : check;
            if (CheckResource(document.RootElement, relaxed) is not null)
            {
                entries.RemoveAt(i);
                removed++;
            }
        }

        return removed;
    }

    /// <summary>
    /// In the patient's compartment: a Patient is its own; anything else names the patient in the element behind its
    /// patient search parameter (<see cref="PatientSearchParameters"/>: <c>Observation.subject</c>, <c>Coverage.beneficiary</c>,
    /// <c>Group.member.entity</c>…). A reference elsewhere (an extension, <c>note.authorReference</c>) does not count.
    /// </summary>
    internal static bool BelongsToPatient(JsonElement resource, string type, string patientId)
    {
        if (type == "Patient")
        {
            return resource.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString() == patientId;
        }

        return PatientSearchParameters.References(resource, type).Any(reference => PatientReferenceId(reference) == patientId);
    }

    /// <summary>
    /// What a patient/ token may write: a resource whose patient element names this patient and no other
    /// (a Condition about someone else with the patient in an extension is refused).
    /// </summary>
    internal static bool WritableByPatient(JsonElement resource, string type, string patientId)
    {
        if (type == "Patient")
        {
            return BelongsToPatient(resource, type, patientId);
        }

        var references = PatientSearchParameters.References(resource, type).ToList();
        return references.Count > 0 && references.All(reference => PatientReferenceId(reference) == patientId);
    }

    /// <summary><c>Patient/1</c>, <c>https://x/fhir/Patient/1</c> and <c>…/Patient/1/_history/2</c> name patient 1; anything else null.</summary>
    private static string? PatientReferenceId(string reference)
    {
        var parts = reference.Split('/');
        for (var i = parts.Length - 2; i >= 0; i--)
        {
            if (parts[i] == "Patient")
            {
                return parts[i + 1];
            }
        }

        return null;
    }

    private static bool Satisfies(JsonElement resource, string type, SmartScopeConstraint constraint)
    {
        var definition = ModelInfo.SearchParameters.FirstOrDefault(p => p.Resource == type && p.Name == constraint.Parameter);
        if (definition?.Expression is null)
        {
            // A constraint the gateway cannot evaluate is not satisfied: fail closed.
            return false;
        }

        var poco = Deserializer.DeserializeResource(resource.GetRawText());
        var values = poco.Select(definition.Expression);
        var wanted = constraint.Value.Split(',');
        return values.Any(value => value is not null && TokenValues(value).Any(v => wanted.Contains(v, StringComparer.Ordinal)));
    }

    private static IEnumerable<string> TokenValues(Base value) => value switch
    {
        CodeableConcept concept => concept.Coding.SelectMany(TokenValues),
        Coding coding => [coding.Code ?? "", $"{coding.System}|{coding.Code}"],
        Identifier identifier => [identifier.Value ?? "", $"{identifier.System}|{identifier.Value}"],
        ResourceReference reference => [reference.Reference ?? ""],
        PrimitiveType primitive => [primitive.ToString() ?? ""],
        _ => [],
    };

    private static string Describe(IReadOnlyList<IReadOnlyList<SmartScopeConstraint>> constraints) =>
        string.Join(" or ", constraints.Select(set => string.Join(" and ", set.Select(c => $"{c.Parameter}={c.Value}"))));
}
