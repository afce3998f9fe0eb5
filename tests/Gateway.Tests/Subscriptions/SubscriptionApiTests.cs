using System.Net;
using System.Text.Json;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Subscriptions;

[Collection(SubscriptionGatewayCollection.Name)]
public sealed class SubscriptionApiTests(SubscriptionGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task Topics_PublishedAsBasicAndInCapabilityStatement()
    {
        using var topics = JsonDocument.Parse(await Gateway.Client.GetStringAsync("fhir/SubscriptionTopic"));
        using var metadata = JsonDocument.Parse(await Gateway.Anonymous.GetStringAsync("fhir/metadata"));

        var basics = topics.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        Assert.Equal(4, basics.Count);
        Assert.All(basics, b => Assert.Equal("Basic", b.GetProperty("resourceType").GetString()));
        var subscription = metadata.RootElement.GetProperty("rest")[0].GetProperty("resource").EnumerateArray()
            .Single(r => r.GetProperty("type").GetString() == "Subscription");
        var canonicals = subscription.GetProperty("extension").EnumerateArray()
            .Where(e => e.GetProperty("url").GetString()!.EndsWith("capabilitystatement-subscriptiontopic-canonical", StringComparison.Ordinal))
            .Select(e => e.GetProperty("valueCanonical").GetString()).ToList();
        Assert.Equal(
            ["encounter-start", "encounter-end", "medicaid-eligibility-change", "attribution-roster-change"],
            canonicals.Select(c => c![SubscriptionJson.TopicBase.Length..]));
    }

    [Theory]
    [InlineData("https://lead-gateway.org/fhir/SubscriptionTopic/unknown", null, "criteria")]
    [InlineData(SubscriptionJson.TopicBase + "encounter-start", "Coverage?patient=Patient/1", "Encounter")]
    [InlineData(SubscriptionJson.TopicBase + "encounter-start", "Encounter?code=abc", "cannot be filtered")]
    public async Task Create_InvalidCriteria_BadRequest(string topic, string? filter, string expected)
    {
        var json = SubscriptionJson.Build("encounter-start", "http://127.0.0.1:9/notify", filter).Replace(SubscriptionJson.TopicBase + "encounter-start", topic, StringComparison.Ordinal);

        using var response = await Gateway.Client.PostAsync("fhir/Subscription", SubscriptionJson.Fhir(json));

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAndDelete_OwnSubscription()
    {
        await using var listener = await NotificationListener.StartAsync();
        var id = await SubscriptionJson.CreateAsync(Gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");

        var off = SubscriptionJson.Build("encounter-start", listener.Endpoint).Replace("\"requested\"", "\"off\"", StringComparison.Ordinal);
        using var put = await Gateway.Client.PutAsync($"fhir/Subscription/{id}", SubscriptionJson.Fhir(off));
        using var list = JsonDocument.Parse(await Gateway.Client.GetStringAsync("fhir/Subscription"));
        using var delete = await Gateway.Client.DeleteAsync($"fhir/Subscription/{id}");
        using var gone = await Gateway.Client.GetAsync($"fhir/Subscription/{id}");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Contains(list.RootElement.GetProperty("entry").EnumerateArray(),
            e => e.GetProperty("resource").GetProperty("id").GetString() == id && e.GetProperty("resource").GetProperty("status").GetString() == "off");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        await OutcomeAssert.ReadAsync(gone, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task MedicaidEligibilityTopic_CoverageInMedicaidSourceOnly()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("medicaid-eligibility-change", listener.Endpoint, $"Coverage?beneficiary={Gateway.BaseAddress}fhir/medicaid-sandbox/Patient/{patient}"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        var coverage = $$"""{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/{{patient}}"},"payor":[{"display":"State Medicaid (test)"}]}""";

        await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/hie-sandbox/Coverage", coverage);
        // Written inside the Medicaid sandbox (its own system of record), not through the gateway's validating route.
        var written = await Gateway.Services.GetRequiredService<SandboxStore>().CreateAsync("medicaid-sandbox",
            new FhirJsonDeserializer().DeserializeResource(coverage), null, CancellationToken.None);
        var inMedicaid = written.Resource!.Id;
        var notification = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");
        await Task.Delay(500);

        Assert.EndsWith($"/fhir/medicaid-sandbox/Coverage/{inMedicaid}", Assert.Single(notification.Focus), StringComparison.Ordinal);
        Assert.Single(listener.Received, n => n.IsFor(id) && n.Type == "event-notification");
    }

    [Fact]
    public async Task AttributionRosterTopic_GroupInAcoSource_MemberFilter()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("attribution-roster-change", listener.Endpoint, $"Group?member=Patient/{patient}", "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        var group = $$"""{"resourceType":"Group","type":"person","actual":true,"member":[{"entity":{"reference":"Patient/{{patient}}"} }]}""";

        var written = await Gateway.Services.GetRequiredService<SandboxStore>().CreateAsync("aco-sandbox",
            new FhirJsonDeserializer().DeserializeResource(group), null, CancellationToken.None);
        var notification = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");

        Assert.EndsWith($"/fhir/aco-sandbox/Group/{written.Resource!.Id}", Assert.Single(notification.Focus), StringComparison.Ordinal);
        Assert.Equal("Group", notification.Entries[0].GetProperty("resource").GetProperty("resourceType").GetString());
    }
}
