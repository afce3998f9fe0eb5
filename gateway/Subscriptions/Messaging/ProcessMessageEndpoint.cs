using System.Net;
using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Fhir;
using Lead.Gateway.Smart;
using Lead.Gateway.Subscriptions.Api;
using Lead.Gateway.Validation;
using Lead.Profiles.Validation;

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

    private static async Task<IResult> ProcessAsync(HttpContext context, MessageForwarder forwarder, LeadValidatorProvider validators, Hosting.PublicUrls urls)
    {
        if (!FhirMediaTypes.IsJson(context.Request.ContentType))
        {
            return Outcome.Result(HttpStatusCode.UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "Send application/fhir+json.");
        }

        if (context.Request.Query.TryGetValue("async", out var async) && async == "true")
        {
            return FhirBody.Invalid("Asynchronous message processing is not supported; omit async or set it to false.");
        }

        var caller = SubscriberContext.From(context);
        using var reader = new StreamReader(context.Request.Body);
        var (message, error) = AdtMessageReader.Read(await reader.ReadToEndAsync(context.RequestAborted), caller.ClientId);
        if (message is null)
        {
            return FhirBody.Invalid(error!);
        }

        var refused = message.ResourceTypes.FirstOrDefault(t => !caller.IsSystem(t, SmartInteraction.Create) && !caller.IsSystem(t, SmartInteraction.Update));
        if (refused is not null)
        {
            return FhirBody.Forbidden($"Sending a message needs a system/ token with write on every resource type in it; {refused} is not covered.");
        }

        var validation = Validate(message.Bundle, validators.Validator);
        if (validation.Issue.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal))
        {
            return FhirBody.Json(SubscriptionJson.Serialize(validation), 422);
        }

        var forwarded = await forwarder.ForwardAsync(message, urls.FhirBase(context), context.RequestAborted);
        var outcome = Outcome.Create(OperationOutcome.IssueType.Informational,
            $"Message accepted ({message.Topic.Key}); forwarded to {forwarded} subscription(s).", OperationOutcome.IssueSeverity.Information);
        return FhirBody.Json(SubscriptionJson.Serialize(outcome));
    }

    /// <summary>
    /// Base R4 (and LEAD rules where they apply). Profiles the gateway does not load (Da Vinci's) are not claimed for
    /// validation: an unknown claimed profile would be an error, yet the message is checked as R4 regardless.
    /// </summary>
    private static OperationOutcome Validate(Bundle bundle, LeadValidator validator)
    {
        var copy = (Bundle)bundle.DeepCopy();
        foreach (var resource in copy.Entry.Select(e => e.Resource).OfType<Resource>().Prepend(copy))
        {
            if (resource.Meta is { } meta)
            {
                meta.Profile = meta.Profile.Where(p => p is not null && validator.IsKnownProfile(p)).ToList();
            }
        }

        return validator.Validate(copy);
    }
}
