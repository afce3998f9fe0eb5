namespace Lead.Auth.Scopes;

/// <summary>
/// Maps a FHIR REST request (method + path relative to a base) to the resource type and SMART interaction it needs.
/// Conditional writes also need search (they select by criteria); operations need read and search on their type,
/// which is conservative: an operation may reveal anything a read or a search could.
/// </summary>
internal static class FhirRequestClassifier
{
    public static FhirRequestTarget Classify(string method, string path, bool hasQuery)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        method = method.ToUpperInvariant();
        var readSearch = SmartInteraction.Read | SmartInteraction.Search;
        switch (segments)
        {
            case []:
                return method switch
                {
                    "POST" => new(null, null, SmartInteraction.None, IsBundle: true),
                    "GET" => new(null, null, SmartInteraction.Search, IsSystemLevel: true),
                    _ => Invalid("Unsupported interaction at the base."),
                };
            case ["metadata"] when method == "GET":
            case [".well-known", ..] when method == "GET":
                return new(null, null, SmartInteraction.None, IsOpen: true);
            case ["_history"] when method == "GET":
                return new(null, null, SmartInteraction.Search, IsSystemLevel: true);
            case [var op] when op.StartsWith('$'):
                return new(null, null, readSearch, IsSystemLevel: true);
        }

        var type = segments[0];
        if (!IsResourceType(type))
        {
            return Invalid($"'{type}' is not a resource type.");
        }

        return segments switch
        {
            [_] => method switch
            {
                "GET" => new(type, null, SmartInteraction.Search),
                "POST" => new(type, null, SmartInteraction.Create),
                "PUT" or "PATCH" when hasQuery => new(type, null, SmartInteraction.Update | SmartInteraction.Search),
                "DELETE" when hasQuery => new(type, null, SmartInteraction.Delete | SmartInteraction.Search),
                _ => Invalid($"{method} {type} without an id or criteria is not an interaction."),
            },
            [_, "_search"] when method == "POST" => new(type, null, SmartInteraction.Search),
            [_, "_history"] when method == "GET" => new(type, null, SmartInteraction.Search),
            [_, var op] when op.StartsWith('$') => new(type, null, readSearch),
            [_, var id] when !id.StartsWith('_') => method switch
            {
                "GET" => new(type, id, SmartInteraction.Read),
                "PUT" or "PATCH" => new(type, id, SmartInteraction.Update),
                "DELETE" => new(type, id, SmartInteraction.Delete),
                _ => Invalid($"{method} on a resource instance is not an interaction."),
            },
            [_, var id, "_history"] when method == "GET" => new(type, id, SmartInteraction.Read),
            [_, var id, "_history", _] when method == "GET" => new(type, id, SmartInteraction.Read),
            [_, var id, var op] when op.StartsWith('$') => new(type, id, readSearch),
            [_, var id, var member] when method == "GET" && IsResourceType(member) && type == "Patient" =>
                new(member, null, SmartInteraction.Search, CompartmentPatientId: id),
            [_, _, var member] when method == "GET" && IsResourceType(member) =>
                Invalid("Only Patient compartment searches are supported."),
            _ => Invalid($"Unsupported FHIR path '{path}'."),
        };
    }

    internal static bool IsResourceType(string value) =>
        value.Length > 0 && char.IsAsciiLetterUpper(value[0]) && value.All(char.IsAsciiLetter);

    private static FhirRequestTarget Invalid(string error) => new(null, null, SmartInteraction.None, Error: error);
}
