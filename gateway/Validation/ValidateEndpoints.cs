using System.Net;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;
using Lead.Profiles.Operations;
using Lead.Profiles.Parsing;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Validation;

/// <summary>
/// <c>$validate</c> answered by the gateway itself (no source is written): <c>/fhir/{type}/$validate</c> against base R4,
/// claimed and <c>profile</c> profiles; <c>/fhir/{source}/{type}/$validate</c> also against what that source requires.
/// 200 with an OperationOutcome whenever validation ran.
/// </summary>
internal static class ValidateEndpoints
{
    public static IEndpointRouteBuilder MapValidate(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/fhir/{type}/$validate", (HttpContext context, string type) => HandleAsync(context, null, type))
            .WithOrder(0).RequireFhirAuthorization(endpoints);
        endpoints.MapPost("/fhir/{source}/{type}/$validate", (HttpContext context, string source, string type) => HandleAsync(context, source, type))
            .WithOrder(0).RequireFhirAuthorization(endpoints);
        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, string? sourceId, string type)
    {
        var services = context.RequestServices;
        if (sourceId is not null && services.GetRequiredService<SourceRegistry>().Find(sourceId) is null)
        {
            return Outcome.Result(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, $"Unknown source '{sourceId}'.");
        }

        if (!ModelInfo.IsKnownResource(type))
        {
            return Outcome.Result(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, $"'{type}' is not a FHIR R4 resource type.");
        }

        var limit = services.GetRequiredService<IOptions<GatewayOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return Outcome.Result(HttpStatusCode.RequestEntityTooLarge, OperationOutcome.IssueType.TooCostly, $"The request body is larger than {limit} bytes.");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var policy = services.GetRequiredService<ValidationPolicy>();
        var operation = new ValidateOperation(services.GetRequiredService<LeadValidatorProvider>().Validator, services.GetRequiredService<FhirRequestParser>());
        var result = operation.Execute(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), context.Request.ContentType, type,
            context.Request.Query["profile"].FirstOrDefault(), sourceId is null ? null : policy.RequiredProfiles(sourceId, type));
        return new OutcomeResult(result.StatusCode, result.Outcome);
    }

    private sealed class OutcomeResult(int status, OperationOutcome outcome) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext) => Outcome.WriteAsync(httpContext, status, outcome);
    }
}
