using Hl7.Fhir.Model;

namespace Lead.Profiles.Tests;

internal static class OutcomeAssert
{
    public static bool IsError(this OperationOutcome.IssueComponent issue) =>
        issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal;

    public static string Describe(this OperationOutcome outcome) =>
        string.Join(Environment.NewLine, outcome.Issue.Select(i => $"{i.Severity} [{string.Join(",", i.Expression)}] {i.Details?.Text}"));

    public static void NoErrors(OperationOutcome outcome) =>
        Assert.False(outcome.Issue.Any(IsError), "Unexpected errors:" + Environment.NewLine + outcome.Describe());

    /// <summary>Asserts an issue with the severity, a text containing the fragment and exactly this FHIRPath location.</summary>
    public static void HasIssue(OperationOutcome outcome, OperationOutcome.IssueSeverity severity, string fragment, string expression) =>
        Assert.True(
            outcome.Issue.Any(i => i.Severity == severity
                && (i.Details?.Text ?? i.Diagnostics ?? "").Contains(fragment, StringComparison.Ordinal)
                && i.Expression.Contains(expression)),
            $"Expected {severity} containing '{fragment}' at '{expression}', got:{Environment.NewLine}{outcome.Describe()}");

    public static string Fingerprint(OperationOutcome outcome) =>
        string.Join("\n", outcome.Issue.Select(i => $"{i.Severity}|{i.Code}|{i.Details?.Text}|{string.Join(",", i.Expression)}"));
}
