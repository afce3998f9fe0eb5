using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

[Collection(SubscriptionGatewayCollection.Name)]
public sealed class ProcessMessageTests(SubscriptionGatewayFixture fixture)
{
    private const string MpiSystem = "https://lead-gateway.org/fhir/sid/hie-mpi/sandbox";

    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task ProcessMessage_AdmitForPatientKnownByIdentifier_ForwardedToThatPatientsSubscriber()
    {
        await using var listener = await NotificationListener.StartAsync();
        var mpi = "mpi-" + Guid.NewGuid().ToString("N")[..10];
        // The ACO knows the person under its own id; the HIE's message carries its own id and the shared identifier.
        var acoPatient = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Patient",
            $$"""{"resourceType":"Patient","identifier":[{"system":"{{MpiSystem}}","value":"{{mpi}}"}],"name":[{"family":"Testperson"}]}""");
        var subscriber = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{acoPatient}", "full-resource"));
        var bystander = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, "Encounter?patient=Patient/someone-else"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, subscriber, "active");
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, bystander, "active");

        using var response = await Gateway.Client.PostAsync("fhir/$process-message", SubscriptionJson.Fhir(Message("notification-admit", mpi)));
        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.OK);
        var notification = await listener.WaitForAsync(n => n.IsFor(subscriber) && n.Type == "event-notification");

        // Other tests' unfiltered encounter-start subscriptions on the shared gateway may count too.
        Assert.Matches("forwarded to [1-9][0-9]* subscription", body);
        Assert.Equal("urn:uuid:5b7c1f7e-0000-4000-8000-000000000002", Assert.Single(notification.Focus));
        Assert.Contains(notification.Entries, e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "Encounter");
        Assert.Contains(notification.Entries, e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "MessageHeader");
        using var events = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/Subscription/{subscriber}/$events"));
        Assert.Single(new Notification(events.RootElement, new Dictionary<string, string>(), default).Events);
        Assert.DoesNotContain(listener.Received, n => n.IsFor(bystander) && n.Type == "event-notification");
    }

    [Fact]
    public async Task ProcessMessage_TokenWithoutWrite_Forbidden()
    {
        using var client = Gateway.CreateClient("system/*.rs");

        using var response = await client.PostAsync("fhir/$process-message", SubscriptionJson.Fhir(Message("notification-admit", "mpi-x")));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ProcessMessage_NotAMessageBundle_BadRequest()
    {
        var message = JsonNode.Parse(Message("notification-admit", "mpi-x"))!;
        message["type"] = "collection";

        using var response = await Gateway.Client.PostAsync("fhir/$process-message", SubscriptionJson.Fhir(message.ToJsonString()));

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("message", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessMessage_HeaderWithoutEncounterFocus_BadRequest()
    {
        var message = JsonNode.Parse(Message("notification-admit", "mpi-x"))!;
        message["entry"]![0]!["resource"]!["focus"] = new JsonArray(new JsonObject { ["reference"] = "urn:uuid:00000000-0000-4000-8000-00000000dead" });

        using var response = await Gateway.Client.PostAsync("fhir/$process-message", SubscriptionJson.Fhir(message.ToJsonString()));

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("Encounter", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProcessMessage_SameIdentifierValueFromTwoSendersOrSystems_EachForwarded_ResendNot()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "hie-" + Guid.NewGuid().ToString("N")[..10];
        // Found by the identifier the messages carry (the sender's own patient id names no source of the gateway).
        var acoPatient = await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Patient",
            $$"""{"resourceType":"Patient","identifier":[{"system":"{{MpiSystem}}","value":"mpi-{{patient}}"}],"name":[{"family":"Testperson"}]}""");
        var subscriber = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{acoPatient}"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, subscriber, "active");
        using var secondHie = new HttpClient { BaseAddress = Gateway.BaseAddress };
        secondHie.DefaultRequestHeaders.Authorization = new("Bearer",
            await TestClients.GetTokenAsync(Gateway.BaseAddress, "system/*.cruds", clientId: SubscriptionGatewayFixture.SecondSenderClientId));

        // Both HIEs number their messages 1, 2, 3 in the same (shared, synthetic) system; the first also in a second system.
        await SendAsync(Gateway.Client, Numbered(patient, "urn:example:hie-message-ids", "1"));
        await SendAsync(secondHie, Numbered(patient, "urn:example:hie-message-ids", "1"));
        await SendAsync(Gateway.Client, Numbered(patient, "urn:example:other-message-ids", "1"));
        await SendAsync(Gateway.Client, Numbered(patient, "urn:example:hie-message-ids", "1"));
        using var events = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/Subscription/{subscriber}/$events"));

        Assert.Equal(3, new Notification(events.RootElement, new Dictionary<string, string>(), default).Events.Count());
    }

    [Fact]
    public async Task ProcessMessage_MalformedJson_BadRequest()
    {
        using var response = await Gateway.Client.PostAsync("fhir/$process-message", SubscriptionJson.Fhir("""{"resourceType":"Bundle","type":"message","entry":[{"""));

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("JSON", body, StringComparison.Ordinal);
    }

    private static async Task SendAsync(HttpClient sender, string message)
    {
        using var response = await sender.PostAsync("fhir/$process-message", SubscriptionJson.Fhir(message));
        await OutcomeAssert.ReadAsync(response, HttpStatusCode.OK);
    }

    /// <summary>An admit message about a patient the HIE knows as <paramref name="patientId"/>, carrying a message identifier.</summary>
    private static string Numbered(string patientId, string system, string value)
    {
        var message = JsonNode.Parse(Message("notification-admit", "mpi-" + patientId))!;
        message["identifier"] = new JsonObject { ["system"] = system, ["value"] = value };
        message["entry"]![2]!["resource"]!["id"] = patientId;
        return message.ToJsonString();
    }

    /// <summary>A Da Vinci admit notification: MessageHeader, Encounter focus, Patient known to the HIE by its MPI id.</summary>
    private static string Message(string eventCode, string mpi) => $$"""
        {
          "resourceType": "Bundle",
          "id": "{{Guid.NewGuid()}}",
          "type": "message",
          "timestamp": "2026-11-29T10:00:00Z",
          "entry": [
            {
              "fullUrl": "urn:uuid:5b7c1f7e-0000-4000-8000-000000000001",
              "resource": {
                "resourceType": "MessageHeader",
                "id": "header-1",
                "eventCoding": { "system": "http://hl7.org/fhir/us/davinci-alerts/CodeSystem/notification-event", "code": "{{eventCode}}" },
                "source": { "name": "Regional HIE (test)", "endpoint": "https://hie.example.org/fhir" },
                "focus": [ { "reference": "urn:uuid:5b7c1f7e-0000-4000-8000-000000000002" } ]
              }
            },
            {
              "fullUrl": "urn:uuid:5b7c1f7e-0000-4000-8000-000000000002",
              "resource": {
                "resourceType": "Encounter",
                "id": "adt-encounter-1",
                "status": "in-progress",
                "class": { "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "IMP" },
                "subject": { "reference": "urn:uuid:5b7c1f7e-0000-4000-8000-000000000003" },
                "period": { "start": "2026-11-29T09:30:00Z" }
              }
            },
            {
              "fullUrl": "urn:uuid:5b7c1f7e-0000-4000-8000-000000000003",
              "resource": {
                "resourceType": "Patient",
                "id": "hie-local-1",
                "identifier": [ { "system": "{{MpiSystem}}", "value": "{{mpi}}" } ]
              }
            }
          ]
        }
        """;
}
