namespace Lead.Auth.Scopes;

/// <summary>
/// The permission model of a space-separated SMART scope string: resource grants (v1 and v2 alike) plus the other
/// scopes (<c>openid</c>, <c>fhirUser</c>, <c>launch/patient</c>, <c>offline_access</c>...).
/// </summary>
public sealed class SmartScopeSet
{
    private SmartScopeSet(IReadOnlyList<SmartScope> grants, IReadOnlySet<string> others, IReadOnlyList<string> all)
    {
        Grants = grants;
        Others = others;
        All = all;
    }

    public static SmartScopeSet Empty { get; } = Parse((string?)null);

    /// <summary>Resource scopes that parsed; malformed resource-looking scopes are not here and grant nothing.</summary>
    public IReadOnlyList<SmartScope> Grants { get; }

    /// <summary>Every scope that is not a well-formed resource scope.</summary>
    public IReadOnlySet<string> Others { get; }

    /// <summary>All scope values, distinct, in their original order.</summary>
    public IReadOnlyList<string> All { get; }

    public static SmartScopeSet Parse(string? scope) => Parse((scope ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries));

    public static SmartScopeSet Parse(IEnumerable<string> scopes)
    {
        var grants = new List<SmartScope>();
        var others = new HashSet<string>(StringComparer.Ordinal);
        var all = new List<string>();
        foreach (var value in scopes.Distinct(StringComparer.Ordinal))
        {
            all.Add(value);
            if (SmartScopeParser.TryParse(value) is { } grant)
            {
                grants.Add(grant);
            }
            else
            {
                others.Add(value);
            }
        }

        return new SmartScopeSet(grants, others, all);
    }

    public bool Contains(string scope) => All.Contains(scope, StringComparer.Ordinal);

    public bool HasContext(SmartContext context) => Grants.Any(g => g.Context == context);

    /// <summary>True when some grant covers the interaction, with or without query constraints.</summary>
    public bool Allows(SmartContext context, string resourceType, SmartInteraction interaction) =>
        Grants.Any(g => g.Covers(context, resourceType, interaction));

    /// <summary>
    /// The grants that cover an interaction. The request is allowed when one of them is unconstrained, or when it
    /// satisfies all constraints of at least one of them.
    /// </summary>
    public IReadOnlyList<SmartScope> GrantsFor(SmartContext context, string resourceType, SmartInteraction interaction) =>
        Grants.Where(g => g.Covers(context, resourceType, interaction)).ToList();

    public override string ToString() => string.Join(' ', All);
}
