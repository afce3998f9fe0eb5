using System.Net;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>SMART v2 query constraints cannot be applied to events: subscriptions fail closed on them.</summary>
[Collection(SubscriptionGatewayCollection.Name)]
public sealed class SubscriptionScopeConstraintTests(SubscriptionGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task Create_TopicTypeOnlyConstrained_Forbidden()
    {
        using var emergencyOnly = Gateway.CreateClient("system/Subscription.cruds system/Encounter.rs?class=EMER");

        using var response = await emergencyOnly.PostAsync("fhir/Subscription",
            SubscriptionJson.Fhir(SubscriptionJson.Build("encounter-start", "http://127.0.0.1:9/notify", content: "full-resource")));

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("constraints", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_ReadOnlyConstrained_SentIdOnly()
    {
        // Unconstrained search lets it subscribe; read only of emergency encounters must not carry an inpatient one.
        using var client = Gateway.CreateClient("system/Subscription.cruds system/Encounter.s system/Encounter.r?class=EMER");
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}", "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(client, id, "active");

        await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        var notification = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");

        Assert.False(Assert.Single(notification.Entries).TryGetProperty("resource", out _));
    }
}
