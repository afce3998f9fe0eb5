using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ProxyWrite_RepeatedPutOfStartedEncounter_StartAnnouncedOnce(bool historyReadable)
    {
        await using var upstream = await WriteUpstream.StartAsync(historyReadable);
        await using var listener = await NotificationListener.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream));
        var patient = $"{gateway.BaseAddress}fhir/hie-external/Patient/ext-2";
        var start = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient={patient}"));
        var end = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-end", listener.Endpoint, $"Encounter?patient={patient}"));
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, start, "active");
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, end, "active");

        var id = await SubscriptionJson.CreateResourceAsync(gateway.Client, "fhir/hie-external/Encounter", SubscriptionJson.Encounter("ext-2"));
        await listener.WaitForAsync(n => n.IsFor(start) && n.Type == "event-notification");
        // Still in progress, twice (a location, a note...): no new admission. Then the discharge.
        await PutAsync(gateway.Client, id, SubscriptionJson.Encounter("ext-2", id: id));
        await PutAsync(gateway.Client, id, SubscriptionJson.Encounter("ext-2", id: id));
        await PutAsync(gateway.Client, id, SubscriptionJson.Encounter("ext-2", "finished", ended: true, id: id));
        // Changes are recorded in order: once the discharge arrived, any repeated admission is in the outbox too.
        await listener.WaitForAsync(n => n.IsFor(end) && n.Type == "event-notification");

        Assert.Equal(1, await EventCountAsync(gateway.Client, start));
        Assert.Equal(1, await EventCountAsync(gateway.Client, end));
        Assert.True(upstream.HistoryReads >= 2, $"expected the versions before the updates to be read, {upstream.HistoryReads} vread(s)");
    }

    [Fact]
    public async Task ProxyWrite_Patch_ObservedWithTheVersionBefore()
    {
        await using var upstream = await WriteUpstream.StartAsync();
        await using var listener = await NotificationListener.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(Settings(upstream));
        var patient = $"{gateway.BaseAddress}fhir/hie-external/Patient/ext-3";
        var start = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient={patient}"));
        var end = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-end", listener.Endpoint, $"Encounter?patient={patient}", "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, start, "active");
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, end, "active");

        var id = await SubscriptionJson.CreateResourceAsync(gateway.Client, "fhir/hie-external/Encounter", SubscriptionJson.Encounter("ext-3"));
        await listener.WaitForAsync(n => n.IsFor(start) && n.Type == "event-notification");
        await PatchAsync(gateway.Client, id, """[{"op":"replace","path":"/class/code","value":"EMER"}]""");
        await PatchAsync(gateway.Client, id, """[{"op":"replace","path":"/status","value":"finished"},{"op":"add","path":"/period/end","value":"2026-11-28T12:00:00Z"}]""");
        var discharged = await listener.WaitForAsync(n => n.IsFor(end) && n.Type == "event-notification");

        var resource = discharged.Entries[0].GetProperty("resource");
        Assert.Equal("finished", resource.GetProperty("status").GetString());
        Assert.Equal("EMER", resource.GetProperty("class").GetProperty("code").GetString());
        Assert.EndsWith($"/fhir/hie-external/Encounter/{id}", Assert.Single(discharged.Focus), StringComparison.Ordinal);
        Assert.Equal(1, await EventCountAsync(gateway.Client, start));
    }

    private static Dictionary<string, string?> Settings(WriteUpstream upstream) => new(SubscriptionGatewayFixture.Settings)
    {
        ["Sandbox:Enabled"] = "false",
        ["Sources:hie-external:Kind"] = "hie",
        ["Sources:hie-external:BaseUrl"] = upstream.BaseUrl,
    };

    private static async Task PutAsync(HttpClient client, string id, string json)
    {
        using var response = await client.PutAsync($"fhir/hie-external/Encounter/{id}", SubscriptionJson.Fhir(json));
        Assert.True(response.IsSuccessStatusCode, $"PUT answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task PatchAsync(HttpClient client, string id, string patch)
    {
        using var content = new StringContent(patch, Encoding.UTF8, new MediaTypeHeaderValue("application/json-patch+json"));
        using var response = await client.PatchAsync($"fhir/hie-external/Encounter/{id}", content);
        Assert.True(response.IsSuccessStatusCode, $"PATCH answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<int> EventCountAsync(HttpClient client, string subscription)
    {
        using var events = JsonDocument.Parse(await client.GetStringAsync($"fhir/Subscription/{subscription}/$events"));
        return new Notification(events.RootElement, new Dictionary<string, string>(), default).Events.Count();
    }
}
