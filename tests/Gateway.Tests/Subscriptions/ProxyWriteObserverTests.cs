using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>Writes to an external upstream are seen only as they pass through the gateway's proxy route.</summary>
public sealed class ProxyWriteObserverTests
{
    [Fact]
    public async Task ProxyWrite_ToExternalUpstream_StartThenEndEvents()
    {
        await using var upstream = await WriteUpstream.StartAsync();
        await using var listener = await NotificationListener.StartAsync();
        var settings = new Dictionary<string, string?>(SubscriptionGatewayFixture.Settings)
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:hie-external:Kind"] = "hie",
            ["Sources:hie-external:BaseUrl"] = upstream.BaseUrl,
        };
        await using var gateway = await GatewayHost.StartAsync(settings);
        var start = await SubscriptionJson.CreateAsync(gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient={gateway.BaseAddress}fhir/hie-external/Patient/ext-1", "full-resource"));
        var end = await SubscriptionJson.CreateAsync(gateway.Client,
            SubscriptionJson.Build("encounter-end", listener.Endpoint, $"Encounter?patient={gateway.BaseAddress}fhir/hie-external/Patient/ext-1&class=IMP", "id-only"));
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, start, "active");
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, end, "active");

        var id = await SubscriptionJson.CreateResourceAsync(gateway.Client, "fhir/hie-external/Encounter", SubscriptionJson.Encounter("ext-1"));
        var admitted = await listener.WaitForAsync(n => n.IsFor(start) && n.Type == "event-notification");
        using var put = await gateway.Client.PutAsync($"fhir/hie-external/Encounter/{id}",
            SubscriptionJson.Fhir(SubscriptionJson.Encounter("ext-1", "finished", ended: true, id: id)));
        var discharged = await listener.WaitForAsync(n => n.IsFor(end) && n.Type == "event-notification");

        Assert.Equal(id, admitted.Entries[0].GetProperty("resource").GetProperty("id").GetString());
        Assert.EndsWith($"/fhir/hie-external/Encounter/{id}", Assert.Single(discharged.Focus), StringComparison.Ordinal);
        Assert.Equal("PUT", discharged.Entries[0].GetProperty("request").GetProperty("method").GetString());
    }
}
