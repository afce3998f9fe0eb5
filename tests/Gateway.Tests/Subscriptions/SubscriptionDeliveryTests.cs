using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

[Collection(SubscriptionGatewayCollection.Name)]
public sealed class SubscriptionDeliveryTests(SubscriptionGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task Subscription_EncounterCreatedThroughGateway_HandshakeThenEventNotification()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}", "full-resource"));

        var handshake = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "handshake");
        Assert.Equal("requested", handshake.SubscriptionStatus);
        Assert.Equal("history", handshake.Bundle.GetProperty("type").GetString());
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");

        var encounterId = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/hie-sandbox/Encounter", SubscriptionJson.Encounter(patient));

        var notification = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");
        Assert.Equal("active", notification.SubscriptionStatus);
        Assert.Equal("1", notification.Parameter("events-since-subscription-start")!.Value.GetProperty("valueString").GetString());
        Assert.EndsWith($"/fhir/hie-sandbox/Encounter/{encounterId}", Assert.Single(notification.Focus), StringComparison.Ordinal);
        var entry = Assert.Single(notification.Entries);
        Assert.Equal(encounterId, entry.GetProperty("resource").GetProperty("id").GetString());
    }
}
