using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

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

        var encounterId = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));

        var notification = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");
        Assert.Equal("active", notification.SubscriptionStatus);
        Assert.Equal("1", notification.Parameter("events-since-subscription-start")!.Value.GetProperty("valueString").GetString());
        Assert.EndsWith($"/fhir/aco-sandbox/Encounter/{encounterId}", Assert.Single(notification.Focus), StringComparison.Ordinal);
        var entry = Assert.Single(notification.Entries);
        Assert.Equal(encounterId, entry.GetProperty("resource").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Subscription_HeartbeatPeriod_HeartbeatsArrive()
    {
        await using var listener = await NotificationListener.StartAsync();
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-end", listener.Endpoint, "Encounter?patient=Patient/nobody", heartbeat: 1));

        var heartbeat = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "heartbeat");

        Assert.Equal("active", heartbeat.SubscriptionStatus);
        Assert.Empty(heartbeat.Events);
    }

    [Fact]
    public async Task Subscription_EncounterFinishedInsideSandbox_EndEventOnlyOnce()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-end", listener.Endpoint, $"Encounter?patient={patient}", "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        var encounterId = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        var store = Gateway.Services.GetRequiredService<SandboxStore>();
        var deserializer = new FhirJsonDeserializer();

        // Straight into the sandbox, not through the gateway: the store's change feed must see it.
        var finished = (Encounter)deserializer.DeserializeResource(SubscriptionJson.Encounter(patient, "finished", ended: true, id: encounterId));
        await store.UpdateAsync("aco-sandbox", finished, null, CancellationToken.None);
        var notification = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");
        // A further update of a finished encounter is no new discharge.
        finished.Location = [];
        await store.UpdateAsync("aco-sandbox", finished, null, CancellationToken.None);
        await Task.Delay(1000);

        Assert.Equal("finished", notification.Entries[0].GetProperty("resource").GetProperty("status").GetString());
        Assert.Single(listener.Received, n => n.IsFor(id) && n.Type == "event-notification");
    }

    [Fact]
    public async Task Subscription_ListenerFailsFirst_DeliveryRetriedWithBackoff()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        listener.FailNext(3);

        await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        var notification = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");

        Assert.Equal(3, listener.Refused);
        Assert.Equal("1", notification.Parameter("events-since-subscription-start")!.Value.GetProperty("valueString").GetString());
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
    }

    [Fact]
    public async Task Subscription_EndpointNeverAnswers_HandshakeFailsToError()
    {
        var listener = await NotificationListener.StartAsync();
        var endpoint = listener.Endpoint;
        await listener.DisposeAsync();

        var id = await SubscriptionJson.CreateAsync(Gateway.Client, SubscriptionJson.Build("encounter-start", endpoint));

        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "error");
        using var subscription = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/Subscription/{id}"));
        Assert.Contains("handshake", subscription.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscription_CustomHeader_SentWithNotifications()
    {
        await using var listener = await NotificationListener.StartAsync();

        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, header: "Authorization: Bearer subscriber-secret"));
        var handshake = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "handshake");

        Assert.Equal("Bearer subscriber-secret", handshake.Headers["Authorization"]);
        Assert.StartsWith("application/fhir+json", handshake.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscription_RetriedEvent_LaterEventsWaitAndArriveInOrder()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        listener.FailNext(2);

        for (var i = 0; i < 3; i++)
        {
            await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        }

        await listener.WaitForAsync(n => n.IsFor(id) && n.Parameter("events-since-subscription-start")?.GetProperty("valueString").GetString() == "3");
        var numbers = listener.Received.Where(n => n.IsFor(id) && n.Type == "event-notification")
            .Select(n => n.Parameter("events-since-subscription-start")!.Value.GetProperty("valueString").GetString()).ToList();

        Assert.Equal(["1", "2", "3"], numbers);
    }
}
