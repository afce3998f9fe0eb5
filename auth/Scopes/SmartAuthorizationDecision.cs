namespace Lead.Auth.Scopes;

/// <summary>
/// The authorizer's answer for one FHIR request. <see cref="RequiredConstraints"/> empty means unconstrained; otherwise
/// the request (search parameters) or the returned resources must satisfy all constraints of at least one set (SMART v2
/// <c>?param=value</c> scopes). <see cref="FilterIncludes"/> tells the gateway to drop <c>_include</c>/<c>_revinclude</c>
/// results of types or patients the token does not cover.
/// </summary>
public sealed record SmartAuthorizationDecision
{
    public required SmartDecisionKind Kind { get; init; }

    public int StatusCode { get; init; } = 200;

    public string? Reason { get; init; }

    public string? PatientId { get; init; }

    public string? ResourceType { get; init; }

    public SmartInteraction Interaction { get; init; }

    public IReadOnlyList<IReadOnlyList<SmartScopeConstraint>> RequiredConstraints { get; init; } = [];

    public bool FilterIncludes { get; init; }

    public bool IsAllowed => Kind is SmartDecisionKind.Allow or SmartDecisionKind.AllowInPatientCompartment;

    internal static SmartAuthorizationDecision Deny(string reason, int status = 403) =>
        new() { Kind = SmartDecisionKind.Deny, StatusCode = status, Reason = reason };
}
