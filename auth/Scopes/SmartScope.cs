namespace Lead.Auth.Scopes;

/// <summary>
/// One parsed resource scope. <see cref="ResourceType"/> is <c>*</c> for wildcards. <see cref="Constraints"/> are
/// ANDed: a request is covered by this grant only when it satisfies all of them.
/// </summary>
public sealed record SmartScope(
    string Value,
    SmartContext Context,
    string ResourceType,
    SmartInteraction Interactions,
    IReadOnlyList<SmartScopeConstraint> Constraints,
    bool IsV2)
{
    public bool IsWildcard => ResourceType == "*";

    public bool IsConstrained => Constraints.Count > 0;

    public bool Covers(SmartContext context, string resourceType, SmartInteraction interaction) =>
        Context == context
        && (IsWildcard || string.Equals(ResourceType, resourceType, StringComparison.Ordinal))
        && interaction != SmartInteraction.None
        && (Interactions & interaction) == interaction;
}
