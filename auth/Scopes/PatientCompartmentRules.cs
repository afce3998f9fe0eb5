namespace Lead.Auth.Scopes;

/// <summary>
/// What the authorizer can decide about a <c>patient/</c> grant without reading resources: no patient context fails
/// closed; another patient's Patient resource or compartment reads as 404; <c>_has</c> and chained parameters (which
/// could reveal other patients) are refused; patient-naming search parameters must name the token's patient.
/// </summary>
internal static class PatientCompartmentRules
{
    private static readonly HashSet<string> PatientParameters = new(StringComparer.Ordinal)
    {
        "patient", "subject", "patient:Patient", "subject:Patient", "beneficiary", "_id",
    };

    public static SmartAuthorizationDecision Apply(
        SmartAuthorizationDecision decision, FhirRequestTarget target, List<KeyValuePair<string, string>> parameters, string? patientId)
    {
        if (string.IsNullOrEmpty(patientId))
        {
            return SmartAuthorizationDecision.Deny("A patient/ scope needs a patient context, and the token has none.");
        }

        if (target.CompartmentPatientId is { } owner && owner != patientId)
        {
            return SmartAuthorizationDecision.Deny("Resource not found.", 404);
        }

        if (target.ResourceType == "Patient" && target.Id is { } id && id != patientId)
        {
            return SmartAuthorizationDecision.Deny("Resource not found.", 404);
        }

        foreach (var (key, value) in parameters)
        {
            if (key.StartsWith("_has", StringComparison.Ordinal))
            {
                return SmartAuthorizationDecision.Deny("_has is not allowed with a patient/ scope.");
            }

            if (key.Contains('.', StringComparison.Ordinal))
            {
                return SmartAuthorizationDecision.Deny($"Chained search '{key}' is not allowed with a patient/ scope.");
            }

            var namesPatient = PatientParameters.Contains(key) && (key != "_id" || target.ResourceType == "Patient");
            if (namesPatient && value.Split(',').Any(v => ReferencedId(v) != patientId))
            {
                return SmartAuthorizationDecision.Deny($"'{key}={value}' names a patient outside the token's patient context.");
            }
        }

        return decision with { Kind = SmartDecisionKind.AllowInPatientCompartment, PatientId = patientId };
    }

    /// <summary><c>123</c>, <c>Patient/123</c> and <c>https://x/fhir/Patient/123</c> all name patient 123.</summary>
    internal static string ReferencedId(string reference)
    {
        var trimmed = reference.Trim().TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        if (slash < 0)
        {
            return trimmed;
        }

        var before = trimmed[..slash];
        return before.EndsWith("Patient", StringComparison.Ordinal) ? trimmed[(slash + 1)..] : "\u0000not-a-patient";
    }
}
