using Hl7.Fhir.Serialization;
using Lead.Auth.Clients;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>An offboarded client (its registration removed) gets no more notifications, whatever it subscribed to.</summary>
public sealed class SubscriberOffboardingTests
{
    [Fact]
    public async Task ClientRemoved_SubscriptionSwitchedOff_NothingMoreSent()
    {
        // Registrations are looked up on every delivery here (by default at most every 5 seconds per client).
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>(SubscriptionGatewayFixture.Settings) { ["Smart:RevocationCheckInterval"] = "00:00:00" });
        await using var listener = await NotificationListener.StartAsync();
        var id = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint));
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, id, "active");

        Assert.True(await gateway.Services.GetRequiredService<ClientRegistry>().RemoveAsync(TestClients.BackendClientId, CancellationToken.None));
        // An admission after the offboarding (written in the sandbox directly: the removed client has no token any more).
        var store = gateway.Services.GetRequiredService<SandboxStore>();
        var encounter = (Hl7.Fhir.Model.Encounter)new FhirJsonDeserializer().DeserializeResource(SubscriptionJson.Encounter("offboarding-probe", id: "offboarding-encounter"));
        await store.UpdateAsync(SandboxSources.Aco, encounter, null, CancellationToken.None);

        var status = await WaitForOffAsync(gateway, id);
        Assert.Equal("off", status);
        Assert.DoesNotContain(listener.Received, n => n.IsFor(id) && n.Type == "event-notification");
    }

    private static async Task<string?> WaitForOffAsync(GatewayHost gateway, string id)
    {
        var subscriptions = gateway.Services.GetRequiredService<Lead.Gateway.Subscriptions.Storage.SubscriptionStore>();
        for (var attempt = 0; attempt < 150; attempt++)
        {
            var status = (await subscriptions.FindAsync(id, CancellationToken.None))?.Status;
            if (status is "off" or "error")
            {
                return status;
            }

            await Task.Delay(100);
        }

        return (await subscriptions.FindAsync(id, CancellationToken.None))?.Status;
    }
}
