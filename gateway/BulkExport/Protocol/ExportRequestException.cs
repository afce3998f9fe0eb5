using System.Net;
using Hl7.Fhir.Model;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>A refused kick-off: becomes an OperationOutcome with this status.</summary>
internal sealed class ExportRequestException(HttpStatusCode status, OperationOutcome.IssueType code, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;

    public OperationOutcome.IssueType Code { get; } = code;

    /// <summary>Seconds for a <c>Retry-After</c> header (429), if any.</summary>
    public int? RetryAfter { get; init; }

    public static ExportRequestException BadRequest(string message) => new(HttpStatusCode.BadRequest, OperationOutcome.IssueType.NotSupported, message);

    public static ExportRequestException Forbidden(string message) => new(HttpStatusCode.Forbidden, OperationOutcome.IssueType.Forbidden, message);
}
