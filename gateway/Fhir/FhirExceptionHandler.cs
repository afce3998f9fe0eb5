using System.Net;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Diagnostics;

namespace Lead.Gateway.Fhir;

/// <summary>Turns any exception that escapes the pipeline into an OperationOutcome: never a stack trace, never HTML.</summary>
internal sealed class FhirExceptionHandler(ILogger<FhirExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read an answer.
            return true;
        }

        var (status, code, message) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
                (HttpStatusCode.RequestEntityTooLarge, OperationOutcome.IssueType.TooCostly, "The request body is larger than the gateway accepts."),
            BadHttpRequestException bad =>
                ((HttpStatusCode)bad.StatusCode, OperationOutcome.IssueType.Invalid, "The request could not be read: " + bad.Message),
            _ => (HttpStatusCode.InternalServerError, OperationOutcome.IssueType.Exception,
                $"The gateway failed to process the request. Reference: {httpContext.TraceIdentifier}."),
        };

        if (status == HttpStatusCode.InternalServerError)
        {
            // Type, request id and stack only: exception messages can carry request content (PHI).
            logger.LogError("Unhandled {ExceptionType} for request {RequestId} at {StackTrace}",
                exception.GetType().FullName, httpContext.TraceIdentifier, exception.StackTrace);
        }

        await Outcome.WriteAsync(httpContext, status, code, message);
        return true;
    }
}
