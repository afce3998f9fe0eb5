namespace Lead.Gateway.Fhir.Patch;

/// <summary>
/// A JSON Patch that cannot be used: <see cref="Status"/> 400 when the document is malformed, 422 when a well-formed
/// operation cannot be applied to the resource. The message names the operation at fault (index, op, path) and
/// never the resource's content.
/// </summary>
internal sealed class JsonPatchFailure : Exception
{
    public JsonPatchFailure(int status, string message, string? expression = null)
        : base(message)
    {
        Status = status;
        Expression = expression;
    }

    public JsonPatchFailure()
        : this(400, "The JSON Patch document cannot be used.")
    {
    }

    public JsonPatchFailure(string message)
        : this(400, message)
    {
    }

    public JsonPatchFailure(string message, Exception innerException)
        : base(message, innerException) => Status = 400;

    public JsonPatchFailure(int status, string message, Exception innerException)
        : base(message, innerException) => Status = status;

    public int Status { get; }

    /// <summary>Where the fault is, for OperationOutcome.issue.expression, e.g. <c>Patch.operation[2]</c>.</summary>
    public string? Expression { get; }
}
