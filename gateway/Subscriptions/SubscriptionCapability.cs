using Hl7.Fhir.Model;
using Lead.Gateway.Routing;

namespace Lead.Gateway.Subscriptions;

/// <summary>Subscription and $process-message in the gateway's CapabilityStatement, with the topics as the backport lists them.</summary>
internal sealed class SubscriptionCapability : ICapabilityContributor
{
    public void Contribute(CapabilityStatement.RestComponent rest, HttpContext context)
    {
        var subscription = new CapabilityStatement.ResourceComponent
        {
            Type = "Subscription",
            SupportedProfile = [Backport.SubscriptionProfile],
            Documentation = "Topic-based subscriptions (Subscriptions R5 Backport, R4), kept by the gateway: rest-hook channel; payload empty, id-only or full-resource; $status and $events.",
            Interaction =
            [
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Read },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.SearchType },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Create },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Update },
                new() { Code = CapabilityStatement.TypeRestfulInteraction.Delete },
            ],
            Operation =
            [
                new() { Name = "status", Definition = "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-status" },
                new() { Name = "events", Definition = "http://hl7.org/fhir/uv/subscriptions-backport/OperationDefinition/backport-subscription-events" },
            ],
        };
        foreach (var topic in Topics.All)
        {
            subscription.Extension.Add(new Extension(Backport.TopicCanonical, new Canonical(topic.Url)));
        }

        rest.Resource.Add(subscription);
        rest.Operation.Add(new CapabilityStatement.OperationComponent
        {
            Name = "process-message",
            Definition = "http://hl7.org/fhir/OperationDefinition/MessageHeader-process-message",
            Documentation = "ADT notification messages (Da Vinci Unsolicited Notifications) forwarded to encounter-topic subscribers of the patient.",
        });
    }
}
