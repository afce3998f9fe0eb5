using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Fhir;

/// <summary>A refusal with its HTTP status and OperationOutcome; the HTTP layer and bundle entries turn it into a response.</summary>
internal sealed class SandboxException : Exception
{
    public SandboxException(int status, OperationOutcome.IssueType code, string message, string? expression = null)
        : base(message)
    {
        Status = status;
        Outcome = Outcomes.Error(code, message, expression);
    }

    public SandboxException(int status, OperationOutcome outcome)
        : base(outcome.Issue.FirstOrDefault()?.Diagnostics ?? "Request refused.")
    {
        Status = status;
        Outcome = outcome;
    }

    public SandboxException()
        : this(500, OperationOutcome.IssueType.Exception, "Request refused.")
    {
    }

    public SandboxException(string message)
        : this(400, OperationOutcome.IssueType.Invalid, message)
    {
    }

    public SandboxException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Outcome = Outcomes.Error(OperationOutcome.IssueType.Invalid, message);
    }

    public int Status { get; }

    public OperationOutcome Outcome { get; }
}
