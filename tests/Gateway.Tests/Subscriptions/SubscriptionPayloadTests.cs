using System.Net;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

[Collection(SubscriptionGatewayCollection.Name)]
public sealed class SubscriptionPayloadTests(SubscriptionGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task Payload_Empty_NoFocusNoEntries()
    {
        var notification = await OneEventAsync(Gateway.Client, "empty");

        Assert.Empty(notification.Focus);
        Assert.Empty(notification.Entries);
        Assert.Single(notification.Events);
    }

    [Fact]
    public async Task Payload_IdOnly_FocusWithoutResource()
    {
        var notification = await OneEventAsync(Gateway.Client, "id-only");

        var entry = Assert.Single(notification.Entries);
        Assert.False(entry.TryGetProperty("resource", out _));
        Assert.Equal(entry.GetProperty("fullUrl").GetString(), Assert.Single(notification.Focus));
        Assert.Equal("POST", entry.GetProperty("request").GetProperty("method").GetString());
    }

    [Fact]
    public async Task Scopes_FullResourceWithoutRead_DowngradedToIdOnly()
    {
        // Search-only on Encounter: the subscriber learns that something happened, never the resource itself.
        using var client = Gateway.CreateClient("system/Subscription.cruds system/Encounter.s");

        var notification = await OneEventAsync(client, "full-resource");

        Assert.False(Assert.Single(notification.Entries).TryGetProperty("resource", out _));
    }

    [Fact]
    public async Task Scopes_TopicTypeNotGranted_Refused()
    {
        using var client = Gateway.CreateClient("system/Subscription.cruds system/Patient.rs");

        using var response = await client.PostAsync("fhir/Subscription",
            SubscriptionJson.Fhir(SubscriptionJson.Build("encounter-start", "http://127.0.0.1:9/notify")));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Scopes_OtherClientsSubscription_NotFound()
    {
        await using var listener = await NotificationListener.StartAsync();
        var id = await SubscriptionJson.CreateAsync(Gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint));
        using var other = new HttpClient { BaseAddress = Gateway.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new("Bearer",
            await TestClients.GetTokenAsync(Gateway.BaseAddress, "system/*.rs", clientId: TestClients.AcoOnlyClientId));

        using var response = await Gateway.Anonymous.GetAsync($"fhir/Subscription/{id}");
        using var foreign = await other.GetAsync($"fhir/Subscription/{id}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await OutcomeAssert.ReadAsync(foreign, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task StatusAndEvents_AnsweredFromStore()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}", "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        var first = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        var second = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        await listener.WaitForAsync(n => n.IsFor(id) && n.Events.Any(e => EventNumber(e) == "2"));

        using var status = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/Subscription/{id}/$status"));
        using var all = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/Subscription/{id}/$events"));
        using var later = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/Subscription/{id}/$events?eventsSinceNumber=2&content=id-only"));

        Assert.Equal("searchset", status.RootElement.GetProperty("type").GetString());
        Assert.Equal("query-status", Value(status.RootElement.GetProperty("entry")[0].GetProperty("resource"), "type"));
        Assert.Equal("2", Value(status.RootElement.GetProperty("entry")[0].GetProperty("resource"), "events-since-subscription-start"));
        var events = new Notification(all.RootElement, new Dictionary<string, string>(), default);
        Assert.Equal("query-event", events.Type);
        Assert.Equal(["1", "2"], events.Events.Select(EventNumber));
        Assert.Equal([first, second], events.Entries.Select(e => e.GetProperty("resource").GetProperty("id").GetString()));
        var tail = new Notification(later.RootElement, new Dictionary<string, string>(), default);
        Assert.Equal(["2"], tail.Events.Select(EventNumber));
        Assert.False(Assert.Single(tail.Entries).TryGetProperty("resource", out _));
    }

    private static string? EventNumber(JsonElement notificationEvent) =>
        notificationEvent.GetProperty("part").EnumerateArray().First(p => p.GetProperty("name").GetString() == "event-number").GetProperty("valueString").GetString();

    private static string? Value(JsonElement parameters, string name) =>
        parameters.GetProperty("parameter").EnumerateArray().First(p => p.GetProperty("name").GetString() == name)
            .EnumerateObject().First(p => p.Name.StartsWith("value", StringComparison.Ordinal)).Value.GetString();

    private async Task<Notification> OneEventAsync(HttpClient client, string content)
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}", content));
        await SubscriptionJson.WaitForStatusAsync(client, id, "active");
        await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        return await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");
    }
}
