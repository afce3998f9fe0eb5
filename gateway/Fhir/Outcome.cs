using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Lead.Gateway.Fhir;

/// <summary>Builds and writes the OperationOutcome every FHIR error is answered with.</summary>
internal static class Outcome
{
    private static readonly FhirJsonSerializer Serializer = new();

    public static OperationOutcome Create(
        OperationOutcome.IssueType code,
        string diagnostics,
        OperationOutcome.IssueSeverity severity = OperationOutcome.IssueSeverity.Error,
        string? expression = null)
    {
        var issue = new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return new OperationOutcome { Issue = [issue] };
    }

    /// <param name="keepHeaders">Keep headers already set (a challenge's WWW-Authenticate); otherwise start clean (an upstream's headers must not leak).</param>
    public static Task WriteAsync(HttpContext context, int status, OperationOutcome outcome, bool keepHeaders = false)
    {
        if (context.Response.HasStarted)
        {
            // Headers are gone: the only honest thing left is to cut the connection.
            context.Abort();
            return Task.CompletedTask;
        }

        if (!keepHeaders)
        {
            context.Response.Clear();
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = FhirMediaTypes.JsonUtf8;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(Serializer.SerializeToString(outcome), context.RequestAborted);
    }

    public static Task WriteAsync(HttpContext context, HttpStatusCode status, OperationOutcome.IssueType code, string diagnostics, string? expression = null) =>
        WriteAsync(context, (int)status, Create(code, diagnostics, expression: expression));

    public static IResult Result(HttpStatusCode status, OperationOutcome.IssueType code, string diagnostics) =>
        new OutcomeResult((int)status, Create(code, diagnostics));

    private sealed class OutcomeResult(int status, OperationOutcome outcome) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => WriteAsync(httpContext, status, outcome);
    }
}
