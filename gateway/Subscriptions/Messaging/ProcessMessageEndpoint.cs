using System.Net;
using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Fhir;
using Lead.Gateway.Smart;
using Lead.Gateway.Subscriptions.Api;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>
/// <c>POST /fhir/$process-message</c> for ADT notifications (Da Vinci Unsolicited Notifications). Synchronous
/// acceptance: 200 with an informational OperationOutcome once the forwards are in the outbox (delivery follows
/// asynchronously). Only system/ tokens that may write every resource type in the message may send one (HIEs).
/// </summary>
internal static class ProcessMessageEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapPost("/fhir/$process-message", ProcessAsync).RequireFhirAuthorization(endpoints);

    private static async Task<IResult> ProcessAsync(HttpContext context, MessageForwarder forwarder)
    {
        if (!FhirMediaTypes.IsJson(context.Request.ContentType))
        {
            return Outcome.Result(HttpStatusCode.UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "Send application/fhir+json.");
        }

        if (context.Request.Query.TryGetValue("async", out var async) && async == "true")
        {
            return FhirBody.Invalid("Asynchronous message processing is not supported; omit async or set it to false.");
        }

        using var reader = new StreamReader(context.Request.Body);
        var (message, error) = AdtMessageReader.Read(await reader.ReadToEndAsync(context.RequestAborted));
        if (message is null)
        {
            return FhirBody.Invalid(error!);
        }

        var caller = SubscriberContext.From(context);
        var refused = message.ResourceTypes.FirstOrDefault(t => !caller.IsSystem(t, SmartInteraction.Create) && !caller.IsSystem(t, SmartInteraction.Update));
        if (refused is not null)
        {
            return FhirBody.Forbidden($"Sending a message needs a system/ token with write on every resource type in it; {refused} is not covered.");
        }

        var forwarded = await forwarder.ForwardAsync(message, context.RequestAborted);
        var outcome = Outcome.Create(OperationOutcome.IssueType.Informational,
            $"Message accepted ({message.Topic.Key}); forwarded to {forwarded} subscription(s).", OperationOutcome.IssueSeverity.Information);
        return FhirBody.Json(SubscriptionJson.Serialize(outcome));
    }
}
