using Hl7.Fhir.Model;

namespace Lead.Profiles.Validation;

/// <summary>Builds and merges OperationOutcome issues; every issue carries a FHIRPath location.</summary>
internal static class Issues
{
    public static OperationOutcome.IssueComponent Error(OperationOutcome.IssueType code, string text, string expression) =>
        Create(OperationOutcome.IssueSeverity.Error, code, text, expression);

    public static OperationOutcome.IssueComponent Warning(OperationOutcome.IssueType code, string text, string expression) =>
        Create(OperationOutcome.IssueSeverity.Warning, code, text, expression);

    public static OperationOutcome.IssueComponent Create(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string text, string expression) =>
        new()
        {
            Severity = severity,
            Code = code,
            Details = new CodeableConcept { Text = text },
            Expression = [expression],
        };

    /// <summary>
    /// Merges issues, dropping exact duplicates: validating against a required profile re-runs the base rules,
    /// so the same finding would otherwise appear once per profile.
    /// </summary>
    public static OperationOutcome Merge(IEnumerable<OperationOutcome.IssueComponent> issues)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var outcome = new OperationOutcome();
        foreach (var issue in issues)
        {
            if (issue.Severity == OperationOutcome.IssueSeverity.Information && IsAllOk(issue))
            {
                continue;
            }

            NormalizeEntryPaths(issue);
            var key = $"{issue.Severity}|{issue.Code}|{issue.Details?.Text}|{issue.Diagnostics}|{string.Join(",", issue.Expression)}";
            if (seen.Add(key))
            {
                outcome.Issue.Add(issue);
            }
        }

        return outcome;
    }

    // Firely writes "Bundle.entry[2].resource[0].order"; the rules and callers use "Bundle.entry[2].resource.order".
    private static void NormalizeEntryPaths(OperationOutcome.IssueComponent issue)
    {
        if (issue.Expression.Any(e => e?.Contains(".resource[0]", StringComparison.Ordinal) ?? false))
        {
            issue.Expression = [.. issue.Expression.OfType<string>().Select(e => e.Replace(".resource[0]", ".resource", StringComparison.Ordinal))];
        }
    }

    // Firely reports success as a single informational "OK" issue; an empty outcome says the same without noise.
    private static bool IsAllOk(OperationOutcome.IssueComponent issue) =>
        issue.Code == OperationOutcome.IssueType.Informational && !issue.Expression.Any()
        && (issue.Details?.Text?.Contains("OK", StringComparison.OrdinalIgnoreCase) ?? false);
}
