namespace Lead.Auth.Scopes;

/// <summary>One SMART v2 query constraint, e.g. <c>category=laboratory</c> from <c>patient/Observation.rs?category=laboratory</c>.</summary>
public sealed record SmartScopeConstraint(string Parameter, string Value);
