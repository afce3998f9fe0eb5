using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Fhir;

internal static class Outcomes
{
    public static OperationOutcome Error(OperationOutcome.IssueType code, string message, string? expression = null) =>
        Issue(OperationOutcome.IssueSeverity.Error, code, message, expression);

    public static OperationOutcome Information(string message) =>
        Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, message, null);

    private static OperationOutcome Issue(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string message, string? expression)
    {
        var issue = new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = message };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return new OperationOutcome { Id = Guid.NewGuid().ToString("N"), Issue = [issue] };
    }
}
