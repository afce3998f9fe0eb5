using System.Net;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>
/// A subscription belongs to its client and patient context: one SMART app (one client id) launched for two patients
/// is two owners; a token of that app without a patient is a third.
/// </summary>
[Collection(SubscriptionGatewayCollection.Name)]
public sealed class SubscriptionOwnershipTests(SubscriptionGatewayFixture fixture)
{
    private const string PatientScopes = "openid fhirUser launch/patient patient/*.cruds";

    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task Subscription_SameAppOtherPatient_NotFound()
    {
        await using var listener = await NotificationListener.StartAsync();
        var (alice, alicePatient) = await SubscriberApp.LaunchAsync(Gateway.BaseAddress, PatientScopes, pickerIndex: 0);
        var (bob, bobPatient) = await SubscriberApp.LaunchAsync(Gateway.BaseAddress, PatientScopes, pickerIndex: 1);
        using var _ = alice;
        using var __ = bob;
        Assert.NotEqual(alicePatient, bobPatient);
        var json = SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{alicePatient}", header: "Authorization: Bearer alice-secret");
        var id = await SubscriptionJson.CreateAsync(alice, json);

        using var list = JsonDocument.Parse(await bob.GetStringAsync("fhir/Subscription"));
        using var read = await bob.GetAsync($"fhir/Subscription/{id}");
        using var status = await bob.GetAsync($"fhir/Subscription/{id}/$status");
        using var events = await bob.GetAsync($"fhir/Subscription/{id}/$events");
        using var put = await bob.PutAsync($"fhir/Subscription/{id}", SubscriptionJson.Fhir(
            SubscriptionJson.Build("encounter-start", "http://127.0.0.1:9/bob", $"Encounter?patient=Patient/{bobPatient}")));
        using var delete = await bob.DeleteAsync($"fhir/Subscription/{id}");
        using var own = await alice.GetAsync($"fhir/Subscription/{id}");

        Assert.DoesNotContain(Ids(list), i => i == id);
        await OutcomeAssert.ReadAsync(read, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(status, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(events, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(put, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(delete, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Contains(listener.Endpoint, await own.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscription_SameAppWithAndWithoutPatient_SeparateOwners()
    {
        await using var listener = await NotificationListener.StartAsync();
        var (patientToken, patient) = await SubscriberApp.LaunchAsync(Gateway.BaseAddress, PatientScopes);
        var (userToken, none) = await SubscriberApp.LaunchAsync(Gateway.BaseAddress, "openid fhirUser user/*.cruds");
        using var _ = patientToken;
        using var __ = userToken;
        Assert.Null(none);
        var patients = await SubscriptionJson.CreateAsync(patientToken, SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}"));
        var users = await SubscriptionJson.CreateAsync(userToken, SubscriptionJson.Build("encounter-start", listener.Endpoint));

        using var userReadsPatients = await userToken.GetAsync($"fhir/Subscription/{patients}");
        using var patientReadsUsers = await patientToken.GetAsync($"fhir/Subscription/{users}");
        using var userList = JsonDocument.Parse(await userToken.GetStringAsync("fhir/Subscription"));
        using var patientList = JsonDocument.Parse(await patientToken.GetStringAsync("fhir/Subscription"));

        await OutcomeAssert.ReadAsync(userReadsPatients, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(patientReadsUsers, HttpStatusCode.NotFound);
        Assert.Contains(users, Ids(userList));
        Assert.DoesNotContain(patients, Ids(userList));
        Assert.Contains(patients, Ids(patientList));
        Assert.DoesNotContain(users, Ids(patientList));
    }

    [Fact]
    public async Task Events_TokenWithFewerGrants_StoredPayloadWithheld()
    {
        await using var listener = await NotificationListener.StartAsync();
        var patient = "subs-" + Guid.NewGuid().ToString("N")[..8];
        var id = await SubscriptionJson.CreateAsync(Gateway.Client,
            SubscriptionJson.Build("encounter-start", listener.Endpoint, $"Encounter?patient=Patient/{patient}", "full-resource"));
        await SubscriptionJson.WaitForStatusAsync(Gateway.Client, id, "active");
        await SubscriptionJson.CreateResourceAsync(Gateway.Client, "fhir/aco-sandbox/Encounter", SubscriptionJson.Encounter(patient));
        await listener.WaitForAsync(n => n.IsFor(id) && n.Type == "event-notification");
        // Same client, same (absent) patient context, so the same owner; but fewer grants than at creation.
        using var searchOnly = Gateway.CreateClient("system/Subscription.rs system/Encounter.s");
        using var subscriptionOnly = Gateway.CreateClient("system/Subscription.rs");

        using var full = JsonDocument.Parse(await Gateway.Client.GetStringAsync($"fhir/Subscription/{id}/$events"));
        using var ids = JsonDocument.Parse(await searchOnly.GetStringAsync($"fhir/Subscription/{id}/$events"));
        using var bare = JsonDocument.Parse(await subscriptionOnly.GetStringAsync($"fhir/Subscription/{id}/$events"));

        Assert.True(Assert.Single(Events(full).Entries).TryGetProperty("resource", out _));
        Assert.False(Assert.Single(Events(ids).Entries).TryGetProperty("resource", out _));
        Assert.Empty(Events(bare).Entries);
        Assert.Empty(Events(bare).Focus);
        Assert.Single(Events(bare).Events);
    }

    private static Notification Events(JsonDocument bundle) => new(bundle.RootElement, new Dictionary<string, string>(), default);

    private static List<string?> Ids(JsonDocument searchset) =>
        searchset.RootElement.TryGetProperty("entry", out var entries)
            ? [.. entries.EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("id").GetString())]
            : [];
}
