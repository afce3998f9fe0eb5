namespace Lead.Auth.Scopes;

/// <summary>
/// Parses one SMART resource scope (v1 <c>patient/Observation.read</c>, v2 <c>patient/Observation.rs?category=laboratory</c>).
/// Anything that is not a well-formed resource scope yields <c>null</c>: an unparseable scope must never grant access.
/// </summary>
internal static class SmartScopeParser
{
    public static SmartScope? TryParse(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        SmartContext? context = value[..slash] switch
        {
            "patient" => SmartContext.Patient,
            "user" => SmartContext.User,
            "system" => SmartContext.System,
            _ => null,
        };
        var rest = value[(slash + 1)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var body = query < 0 ? rest : rest[..query];
        var dot = body.LastIndexOf('.');
        if (context is null || dot <= 0)
        {
            return null;
        }

        var resourceType = body[..dot];
        if (!IsResourceType(resourceType))
        {
            return null;
        }

        var (interactions, isV2) = ParsePermissions(body[(dot + 1)..]);
        if (interactions == SmartInteraction.None)
        {
            return null;
        }

        IReadOnlyList<SmartScopeConstraint> constraints = [];
        if (query >= 0)
        {
            // v1 has no query syntax; a v1 scope with one is malformed rather than silently unconstrained.
            if (!isV2 || ParseConstraints(rest[(query + 1)..]) is not { } parsed)
            {
                return null;
            }

            constraints = parsed;
        }

        return new SmartScope(value, context.Value, resourceType, interactions, constraints, isV2);
    }

    private static bool IsResourceType(string value) =>
        value == "*" || (value.Length > 0 && char.IsAsciiLetterUpper(value[0]) && value.All(char.IsAsciiLetter));

    private static (SmartInteraction Interactions, bool IsV2) ParsePermissions(string permissions)
    {
        switch (permissions)
        {
            case "read":
                return (SmartInteraction.Read | SmartInteraction.Search, false);
            case "write":
                return (SmartInteraction.Create | SmartInteraction.Update | SmartInteraction.Delete, false);
            case "*":
                return (SmartInteraction.All, false);
        }

        // v2 letters must appear at most once and in the order c r u d s.
        const string order = "cruds";
        var position = -1;
        var result = SmartInteraction.None;
        foreach (var letter in permissions)
        {
            var index = order.IndexOf(letter, StringComparison.Ordinal);
            if (index <= position)
            {
                return (SmartInteraction.None, true);
            }

            position = index;
            result |= (SmartInteraction)(1 << index);
        }

        return (result, true);
    }

    private static List<SmartScopeConstraint>? ParseConstraints(string query)
    {
        var result = new List<SmartScopeConstraint>();
        foreach (var pair in query.Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                return null;
            }

            result.Add(new SmartScopeConstraint(
                Uri.UnescapeDataString(pair[..equals]),
                Uri.UnescapeDataString(pair[(equals + 1)..])));
        }

        return result;
    }
}
