using Hl7.Fhir.Model;

namespace Lead.Profiles.Parsing;

/// <summary>
/// A parsed request body. On failure <see cref="Resource"/> is null and <see cref="StatusCode"/> is the HTTP status
/// to answer with (400 malformed or too deep, 413 too large, 415 unsupported media type); <see cref="Outcome"/> says why.
/// On success the outcome holds problems the lenient parse let through (the validator reports them in full).
/// </summary>
public sealed record FhirParseResult(Resource? Resource, OperationOutcome Outcome, int StatusCode)
{
    public bool Succeeded => Resource is not null;

    internal static FhirParseResult Fail(int status, OperationOutcome.IssueType code, string text, string? expression = null)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = code,
            Details = new CodeableConcept { Text = text },
        };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return new FhirParseResult(null, new OperationOutcome { Issue = [issue] }, status);
    }
}
