using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

public sealed class SubscriptionRestartTests
{
    [Fact]
    public async Task Subscription_RestartBetweenEventAndDelivery_StillDelivered()
    {
        var listener = await NotificationListener.StartAsync();
        var port = listener.Port;
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var first = await GatewayHost.StartAsync(SubscriptionGatewayFixture.Settings);
        var dataDirectory = first.DataDirectory;
        string id;
        await using (first)
        {
            id = await SubscriptionJson.CreateAsync(first.Client,
                SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}", "full-resource"));
            await SubscriptionJson.WaitForStatusAsync(first.Client, id, "active");
            await listener.DisposeAsync();

            await SubscriptionJson.CreateResourceAsync(first.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
            await WaitForPendingAsync(first.Client, id);
        }

        await using var back = await NotificationListener.StartAsync(port);
        await using var second = await GatewayHost.StartAsync(SubscriptionGatewayFixture.Settings, dataDirectory);
        var notification = await back.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification", TimeSpan.FromSeconds(30));

        Assert.Equal("1", notification.Parameter("events-since-subscription-start")!.Value.GetProperty("valueString").GetString());
        Assert.Equal("Encounter", notification.Entries[0].GetProperty("resource").GetProperty("resourceType").GetString());
    }

    /// <summary>The event is in the outbox (numbered, not yet delivered) once $status counts it as pending.</summary>
    private static async Task WaitForPendingAsync(HttpClient client, string id)
    {
        for (var i = 0; i < 100; i++)
        {
            using var status = JsonDocument.Parse(await client.GetStringAsync($"fhir/Subscription/{id}/$status"));
            var parameters = status.RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("parameter").EnumerateArray().ToList();
            var events = parameters.First(p => p.GetProperty("name").GetString() == "events-since-subscription-start").GetProperty("valueString").GetString();
            if (events == "1")
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The event was never recorded.");
    }
}
