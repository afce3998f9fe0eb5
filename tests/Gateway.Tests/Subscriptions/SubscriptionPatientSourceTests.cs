using System.Net;
using System.Text.Json.Nodes;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>
/// A patient is (source, id): sources hand out their own ids, so Patient/17 of the ACO and Patient/17 of the HIE are
/// different people, and an event about one is never sent to a subscriber of the other.
/// </summary>
[Collection(SubscriptionGatewayCollection.Name)]
public sealed class SubscriptionPatientSourceTests(SubscriptionGatewayFixture fixture)
{
    private const string PatientScopes = "openid fhirUser launch/patient patient/*.cruds";
    private const string MpiSystem = "https://lead-gateway.org/fhir/sid/hie-mpi/sandbox";

    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task Filter_SameIdInOtherSource_NotDelivered_RightSourceDelivered()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "src-" + Guid.NewGuid().ToString("N")[..8];
        // At the unified base a bare reference names the source the unified base routes Patient to (the ACO sandbox).
        var aco = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}", "full-resource"));
        // A gateway URL names its source.
        var hie = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient={Gateway.BaseAddress}fhir/hie-sandbox/Patient/{patient}", "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, aco, "active");
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, hie, "active");

        // Changes are recorded in the order they were written: the wrong-source one first.
        var inHie = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/hie-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        var inAco = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        var toAco = await listener.WaitForAsync(n => n.IsFor(aco) && n.Type == "event-notification");
        var toHie = await listener.WaitForAsync(n => n.IsFor(hie) && n.Type == "event-notification");
        await Task.Delay(500);

        Assert.EndsWith($"/fhir/aco-sandbox/Encounter/{inAco}", Assert.Single(toAco.Focus), StringComparison.Ordinal);
        Assert.EndsWith($"/fhir/hie-sandbox/Encounter/{inHie}", Assert.Single(toHie.Focus), StringComparison.Ordinal);
        Assert.Single(listener.Received, n => n.IsFor(aco) && n.Type == "event-notification");
        Assert.Single(listener.Received, n => n.IsFor(hie) && n.Type == "event-notification");
    }

    [Fact]
    public async Task PatientToken_SameIdInOtherSource_NotDelivered_OwnSourceDelivered()
    {
        await using var listener = await NotificationListener.StartAsync();
        // Launched at the unified base: the token's patient is a record of the source it routes Patient to.
        var (app, patient) = await SubscriberApp.LaunchAsync(Gateway.BaseAddress, PatientScopes, pickerIndex: 2);
        using var _ = app;
        var id = await SubscriptionJson.CreateAsync(app, SubscriptionJson.Build("encounter-start", listener.Endpoint, content: "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(app, id, "active");

        var inHie = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/hie-sandbox/Encounter", SubscriptionJson.Encounter(patient!));
        var inAco = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient!));
        var received = await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");
        await Task.Delay(500);

        Assert.EndsWith($"/fhir/aco-sandbox/Encounter/{inAco}", Assert.Single(received.Focus), StringComparison.Ordinal);
        Assert.DoesNotContain(listener.Received, n => n.IsFor(id) && n.Focus.Any(f => f.EndsWith($"/Encounter/{inHie}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PatientToken_FilterOnSameIdInOtherSource_Forbidden()
    {
        var (app, patient) = await SubscriberApp.LaunchAsync(Gateway.BaseAddress, PatientScopes, pickerIndex: 2);
        using var _ = app;

        using var response = await app.PostAsync("fhir/Subscription", SubscriptionJson.Fhir(SubscriptionJson.Build("encounter-start",
            "http://127.0.0.1:9/notify", $"Encounter?patient={Gateway.BaseAddress}fhir/hie-sandbox/Patient/{patient}")));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ProcessMessage_PersonFoundInOneSource_NotForwardedForSameIdInAnother()
    {
        await using var listener = await NotificationListener.StartAsync();
        var mpi = "mpi-" + Guid.NewGuid().ToString("N")[..10];
        var acoPatient = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Patient",
            $$"""{"resourceType":"Patient","identifier":[{"system":"{{MpiSystem}}","value":"{{mpi}}"}],"name":[{"family":"Testperson"}]}""");
        var right = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient={Gateway.BaseAddress}fhir/aco-sandbox/Patient/{acoPatient}"));
        // The ACO's id, but in the HIE source: whoever that is there, not this person.
        var otherSource = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient={Gateway.BaseAddress}fhir/hie-sandbox/Patient/{acoPatient}"));
        // The sender's own id for the patient names no source of the gateway.
        var senderId = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, "Encounter?patient=Patient/hie-local-src"));
        foreach (var id in new[] { right, otherSource, senderId })
        {
            await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        }

        using var response = await Gateway.Client.PostAsync("fhir/$process-message", SubscriptionJson.Fhir(Message(mpi)));
        await OutcomeAssert.ReadAsync(response, HttpStatusCode.OK);
        await listener.WaitForAsync(n => n.IsFor(right) && n.Type == "event-notification");
        await Task.Delay(500);

        Assert.DoesNotContain(listener.Received, n => n.IsFor(otherSource) && n.Type == "event-notification");
        Assert.DoesNotContain(listener.Received, n => n.IsFor(senderId) && n.Type == "event-notification");
    }

    private static string Message(string mpi) => new JsonObject
    {
        ["resourceType"] = "Bundle",
        ["type"] = "message",
        ["timestamp"] = "2026-11-29T10:00:00Z",
        ["entry"] = new JsonArray(
            new JsonObject
            {
                ["fullUrl"] = "urn:uuid:6c7c1f7e-0000-4000-8000-000000000001",
                ["resource"] = new JsonObject
                {
                    ["resourceType"] = "MessageHeader",
                    ["eventCoding"] = new JsonObject { ["system"] = "http://hl7.org/fhir/us/davinci-alerts/CodeSystem/notification-event", ["code"] = "notification-admit" },
                    ["source"] = new JsonObject { ["endpoint"] = "https://hie.example.org/fhir" },
                    ["focus"] = new JsonArray(new JsonObject { ["reference"] = "urn:uuid:6c7c1f7e-0000-4000-8000-000000000002" }),
                },
            },
            new JsonObject
            {
                ["fullUrl"] = "urn:uuid:6c7c1f7e-0000-4000-8000-000000000002",
                ["resource"] = JsonNode.Parse("""{"resourceType":"Encounter","status":"in-progress","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},"subject":{"reference":"Patient/hie-local-src"},"period":{"start":"2026-11-29T09:30:00Z"}}"""),
            },
            new JsonObject
            {
                ["fullUrl"] = "urn:uuid:6c7c1f7e-0000-4000-8000-000000000003",
                ["resource"] = new JsonObject
                {
                    ["resourceType"] = "Patient",
                    ["id"] = "hie-local-src",
                    ["identifier"] = new JsonArray(new JsonObject { ["system"] = MpiSystem, ["value"] = mpi }),
                },
            }),
    }.ToJsonString();
}
