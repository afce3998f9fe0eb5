namespace Lead.Auth.Scopes;

public enum SmartDecisionKind
{
    /// <summary>Allowed as asked (subject to <see cref="SmartAuthorizationDecision.RequiredConstraints"/>).</summary>
    Allow,

    /// <summary>Allowed only inside <see cref="SmartAuthorizationDecision.PatientId"/>'s compartment: the gateway confines searches, checks read results (404 otherwise) and write bodies.</summary>
    AllowInPatientCompartment,

    /// <summary>Refused with <see cref="SmartAuthorizationDecision.StatusCode"/> (403, or 404 for another patient's resources).</summary>
    Deny,

    /// <summary>A batch/transaction: call <see cref="SmartRequestAuthorizer.AuthorizeBundle"/> with its entries.</summary>
    CheckBundleEntries,
}
