using System.Net;
using Hl7.Fhir.Model;

namespace Lead.Gateway.Fhir;

internal static class FhirErrorsExtensions
{
    public static WebApplicationBuilder AddFhirErrors(this WebApplicationBuilder builder)
    {
        builder.Services.AddExceptionHandler<FhirExceptionHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }

    /// <summary>Exception handler and status-code pages, both answering with OperationOutcome.</summary>
    public static WebApplication UseFhirErrors(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.HasStarted || http.Response.ContentLength > 0 || http.Response.ContentType is not null)
            {
                return;
            }

            var status = http.Response.StatusCode;
            var (code, message) = status switch
            {
                404 => (OperationOutcome.IssueType.NotFound, $"No FHIR endpoint at '{http.Request.Path}'."),
                405 => (OperationOutcome.IssueType.NotSupported, $"{http.Request.Method} is not supported at '{http.Request.Path}'."),
                401 => (OperationOutcome.IssueType.Login, "Authentication is required."),
                403 => (OperationOutcome.IssueType.Forbidden, "The token does not allow this request."),
                415 => (OperationOutcome.IssueType.NotSupported, "Unsupported content type."),
                _ => (OperationOutcome.IssueType.Processing, $"The request failed with status {status}."),
            };
            await Outcome.WriteAsync(http, status, Outcome.Create(code, message), keepHeaders: true);
        });
        return app;
    }
}
