using Hl7.Fhir.Model;
using Lead.Profiles.Parsing;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Operations;

/// <summary>
/// The pieces of <c>$validate</c> (/fhir/{type}/$validate): the body is a raw resource or a Parameters with
/// <c>resource</c>, <c>profile</c> and <c>mode</c>. The answer is always an OperationOutcome; the status is 200
/// when validation ran (whatever it found) and 4xx only when the request itself is unusable.
/// </summary>
public sealed class ValidateOperation(LeadValidator validator, FhirRequestParser? parser = null)
{
    private static readonly string[] Modes = ["create", "update", "delete", "profile"];
    private readonly FhirRequestParser _parser = parser ?? new FhirRequestParser();

    /// <summary>Parses the body, then validates. <paramref name="routeType"/> is the {type} of the URL, if any.</summary>
    public ValidateOperationResult Execute(ReadOnlySpan<byte> body, string? contentType, string? routeType = null, string? profileQuery = null, IEnumerable<string>? requiredProfiles = null)
    {
        var parsed = _parser.Parse(body, contentType);
        if (parsed.Resource is null)
        {
            return new ValidateOperationResult(parsed.Outcome, parsed.StatusCode);
        }

        // Problems the lenient parse let through belong in the answer too.
        var result = Execute(parsed.Resource, routeType, profileQuery, requiredProfiles);
        result.Outcome.Issue.InsertRange(0, parsed.Outcome.Issue);
        return result;
    }

    /// <summary>
    /// Validates an already parsed body. <paramref name="requiredProfiles"/> are those the gateway's configuration
    /// requires for the source and type; the <c>profile</c> parameter (or <c>?profile=</c>) is added to them.
    /// </summary>
    public ValidateOperationResult Execute(Resource body, string? routeType = null, string? profileQuery = null, IEnumerable<string>? requiredProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var request = ValidateRequest.From(body, routeType, profileQuery);
        if (request.Problem is { } problem)
        {
            return new ValidateOperationResult(Outcome(Issues.Error(OperationOutcome.IssueType.Invalid, problem, "Parameters")), 400);
        }

        if (request.Mode is { } mode && !Modes.Contains(mode))
        {
            return new ValidateOperationResult(Outcome(Issues.Error(OperationOutcome.IssueType.Value, $"Unknown $validate mode '{mode}' (create, update, delete or profile)", "Parameters.parameter")), 400);
        }

        if (request.Mode == "delete" && request.Resource is null)
        {
            return new ValidateOperationResult(Ok("Delete is not restricted by validation"), 200);
        }

        if (request.Resource is null)
        {
            return new ValidateOperationResult(Outcome(Issues.Error(OperationOutcome.IssueType.Required, "No resource to validate", "Parameters.parameter")), 400);
        }

        if (routeType is not null && routeType != request.Resource.TypeName)
        {
            return new ValidateOperationResult(Outcome(Issues.Error(OperationOutcome.IssueType.Invalid, $"Resource type {request.Resource.TypeName} does not match $validate on {routeType}", request.Resource.TypeName)), 400);
        }

        var profiles = (requiredProfiles ?? []).Concat(request.Profile is null ? [] : [request.Profile]);
        var outcome = validator.Validate(request.Resource, profiles);
        return new ValidateOperationResult(outcome.Issue.Count == 0 ? Ok("Validation successful: no issues found") : outcome, 200);
    }

    private static OperationOutcome Outcome(OperationOutcome.IssueComponent issue) => new() { Issue = [issue] };

    // OperationOutcome.issue is 1..*, so a clean result still says so.
    private static OperationOutcome Ok(string text) => Outcome(new OperationOutcome.IssueComponent
    {
        Severity = OperationOutcome.IssueSeverity.Information,
        Code = OperationOutcome.IssueType.Informational,
        Details = new CodeableConcept { Text = text },
    });
}
