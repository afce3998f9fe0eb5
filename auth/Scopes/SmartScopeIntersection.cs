namespace Lead.Auth.Scopes;

/// <summary>
/// Granted scopes = requested ∩ registered. Each granted resource scope is covered by both a requested and a registered
/// scope (types meet at wildcards, interactions intersect, constraints accumulate), so a grant can never exceed either.
/// </summary>
public static class SmartScopeIntersection
{
    public static IReadOnlyList<string> Intersect(SmartScopeSet requested, SmartScopeSet registered)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(registered);
        var result = new List<string>();
        foreach (var value in requested.All)
        {
            var asked = requested.Grants.FirstOrDefault(g => g.Value == value);
            if (asked is null)
            {
                if (registered.Others.Contains(value))
                {
                    result.Add(value);
                }

                continue;
            }

            foreach (var allowed in registered.Grants.Where(g => g.Context == asked.Context))
            {
                if (Meet(asked, allowed) is { } granted && !result.Contains(granted, StringComparer.Ordinal))
                {
                    result.Add(granted);
                }
            }
        }

        return result;
    }

    private static string? Meet(SmartScope asked, SmartScope allowed)
    {
        string type;
        if (asked.ResourceType == allowed.ResourceType || allowed.IsWildcard)
        {
            type = asked.ResourceType;
        }
        else if (asked.IsWildcard)
        {
            type = allowed.ResourceType;
        }
        else
        {
            return null;
        }

        var interactions = asked.Interactions & allowed.Interactions;
        if (interactions == SmartInteraction.None)
        {
            return null;
        }

        var constraints = asked.Constraints.Concat(allowed.Constraints).Distinct().ToList();
        // The request stands as written only when it already carries every registered constraint (compared without its
        // own repeats: "?category=x&category=x" must not pass for a registration that constrains category=y).
        if (type == asked.ResourceType && interactions == asked.Interactions && constraints.Count == asked.Constraints.Distinct().Count())
        {
            return asked.Value;
        }

        return Format(asked.Context, type, interactions, constraints);
    }

    internal static string Format(SmartContext context, string type, SmartInteraction interactions, IReadOnlyList<SmartScopeConstraint> constraints)
    {
        var letters = string.Concat("cruds".Where((_, i) => interactions.HasFlag((SmartInteraction)(1 << i))));
        var scope = $"{context.ToString().ToLowerInvariant()}/{type}.{letters}";
        return constraints.Count == 0
            ? scope
            : scope + "?" + string.Join('&', constraints.Select(c => $"{Uri.EscapeDataString(c.Parameter)}={Uri.EscapeDataString(c.Value)}"));
    }
}
