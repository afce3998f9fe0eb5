using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Sandbox.Search;

/// <summary>Extracts the token and reference rows of a resource's top-level elements (cheap: no FhirPath, no reflection over the tree).</summary>
internal static class SearchIndexer
{
    public static (List<SandboxTokenRow> Tokens, List<SandboxReferenceRow> References) Extract(string source, Resource resource)
    {
        var type = resource.TypeName;
        var id = resource.Id ?? "";
        var tokens = new List<SandboxTokenRow>();
        var references = new List<SandboxReferenceRow>();

        void Token(string param, string? system, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                tokens.Add(new SandboxTokenRow { Source = source, Type = type, Id = id, Param = param, System = string.IsNullOrEmpty(system) ? null : system, Value = value });
            }
        }

        void Reference(string param, ResourceReference? reference)
        {
            if (ParseReference(reference?.Reference) is var (targetType, targetId))
            {
                references.Add(new SandboxReferenceRow { Source = source, Type = type, Id = id, Param = param, TargetType = targetType, TargetId = targetId });
                // `patient` is the compartment-style parameter: subject/beneficiary count when they point at a Patient.
                if (param is "subject" or "beneficiary" && targetType == "Patient")
                {
                    references.Add(new SandboxReferenceRow { Source = source, Type = type, Id = id, Param = "patient", TargetType = targetType, TargetId = targetId });
                }
            }
        }

        foreach (var (name, value) in resource.EnumerateElements())
        {
            switch (name)
            {
                case "identifier":
                    foreach (var identifier in Items<Identifier>(value))
                    {
                        Token("identifier", identifier.System, identifier.Value);
                    }

                    break;
                case "status" when value is PrimitiveType status:
                    Token("status", null, status.ToString());
                    break;
                case "code" or "type" or "category":
                    foreach (var concept in Items<CodeableConcept>(value))
                    {
                        foreach (var coding in concept.Coding)
                        {
                            Token(name, coding.System, coding.Code);
                        }
                    }

                    break;
                case "patient" or "subject" or "beneficiary" or "encounter" or "payor":
                    foreach (var reference in Items<ResourceReference>(value))
                    {
                        Reference(name, reference);
                    }

                    break;
                case "member" when resource is Group group:
                    foreach (var member in group.Member)
                    {
                        Reference("member", member.Entity);
                    }

                    break;
                default:
                    break;
            }
        }

        return (tokens, references);
    }

    /// <summary>
    /// <c>Patient/123</c>, <c>Patient/123/_history/2</c> or an absolute URL ending so → (Patient, 123). Contained (<c>#x</c>),
    /// conditional (<c>Patient?identifier=…</c>) and unresolved <c>urn:</c> references are not searchable.
    /// </summary>
    public static (string? Type, string Id)? ParseReference(string? reference)
    {
        if (string.IsNullOrEmpty(reference) || reference[0] == '#' || reference.Contains('?', StringComparison.Ordinal)
            || reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length >= 4 && parts[^2] == "_history")
        {
            parts = parts[..^2];
        }

        if (parts.Length >= 2 && ModelInfo.IsKnownResource(parts[^2]))
        {
            return (parts[^2], parts[^1]);
        }

        return parts.Length == 1 ? (null, parts[0]) : null;
    }

    private static IEnumerable<T> Items<T>(object value) where T : class => value switch
    {
        T single => [single],
        IEnumerable<T> many => many,
        _ => [],
    };
}
