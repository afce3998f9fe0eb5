using Hl7.Fhir.Model;

namespace Lead.Gateway.Eligibility;

/// <summary>A refused <c>$lead-eligibility</c> request: the endpoint answers it with an OperationOutcome.</summary>
internal sealed class EligibilityInputException : Exception
{
    public EligibilityInputException(int status, OperationOutcome.IssueType code, string message, string? parameter)
        : base(message)
    {
        Status = status;
        Code = code;
        Parameter = parameter;
    }

    public EligibilityInputException()
        : this(400, OperationOutcome.IssueType.Invalid, "Invalid request.", null)
    {
    }

    public EligibilityInputException(string message)
        : this(400, OperationOutcome.IssueType.Invalid, message, null)
    {
    }

    public EligibilityInputException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = OperationOutcome.IssueType.Invalid;
        Status = 400;
    }

    public int Status { get; }

    public OperationOutcome.IssueType Code { get; }

    public string? Parameter { get; }
}
