namespace Lead.Gateway.BulkExport.Storage;

/// <summary>One line of a job's error file (an OperationOutcome): a failed source, or a parameter ignored in lenient mode.</summary>
internal sealed class ExportErrorRow
{
    public long Id { get; set; }

    public required string JobId { get; set; }

    public string? SourceId { get; set; }

    /// <summary>FHIR issue severity: <c>error</c>, <c>warning</c> or <c>information</c>.</summary>
    public required string Severity { get; set; }

    /// <summary>FHIR issue type code, e.g. <c>exception</c>, <c>timeout</c>, <c>not-supported</c>.</summary>
    public required string Code { get; set; }

    public required string Message { get; set; }
}
