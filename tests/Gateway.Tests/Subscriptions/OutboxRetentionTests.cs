using System.Text.Json.Nodes;
using Lead.Gateway.Subscriptions.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>Old notifications (with the resources they carried) leave the outbox; an ended subscription gets no heartbeats.</summary>
[Collection(SubscriptionGatewayCollection.Name)]
public sealed class OutboxRetentionTests(SubscriptionGatewayFixture fixture)
{
    [Fact]
    public async Task Heartbeat_AfterSubscriptionEnd_NoneSent()
    {
        await using var listener = await NotificationListener.StartAsync();
        var json = JsonNode.Parse(SubscriptionJson.Build("encounter-start", listener.Endpoint, "Encounter?patient=Patient/nobody", heartbeat: 1))!;
        json["end"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("o");
        var id = await SubscriptionJson.CreateAsync(fixture.Gateway.Client, json.ToJsonString());
        await SubscriptionJson.WaitForStatusAsync(fixture.Gateway.Client, id, "active");

        // Heartbeats are due every second: three periods without one.
        await Task.Delay(3000);

        Assert.DoesNotContain(listener.Received, n => n.IsFor(id) && n.Type == "heartbeat");
    }

    [Fact]
    public async Task Outbox_Purge_DeletesOldDeliveredAndFailed_KeepsPendingAndRecent()
    {
        var gateway = fixture.Gateway;
        var off = SubscriptionJson.Build("encounter-start", "http://127.0.0.1:9/notify").Replace("\"requested\"", "\"off\"", StringComparison.Ordinal);
        var id = await SubscriptionJson.CreateAsync(gateway.Client, off);
        var contexts = gateway.Services.GetRequiredService<IDbContextFactory<SubscriptionsDbContext>>();
        var now = DateTimeOffset.UtcNow;
        var old = now.AddDays(-8).UtcTicks;
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Notifications.AddRange(
                Row(id, "delivered-old", OutboxStates.Delivered, old, delivered: old),
                Row(id, "delivered-recent", OutboxStates.Delivered, old, delivered: now.UtcTicks),
                Row(id, "failed-old", OutboxStates.Failed, old),
                // Pending, however old, is still to be delivered (not due now, so the dispatcher leaves it alone).
                Row(id, "pending-old", OutboxStates.Pending, old, nextAttempt: now.AddDays(1).UtcTicks));
            await db.SaveChangesAsync();
        }

        var purged = await gateway.Services.GetRequiredService<Outbox>().PurgeAsync(now.AddDays(-7), CancellationToken.None);

        await using var check = await contexts.CreateDbContextAsync();
        var left = await check.Notifications.Where(n => n.SubscriptionId == id).Select(n => n.DedupeKey).OrderBy(k => k).ToListAsync();
        Assert.True(purged >= 2);
        Assert.Equal(["delivered-recent", "pending-old"], left);
    }

    [Fact]
    public async Task Outbox_RetentionPassed_DeliveredRowsDeletedInTheBackground()
    {
        var settings = new Dictionary<string, string?>(SubscriptionGatewayFixture.Settings) { ["Subscriptions:OutboxRetention"] = "00:00:01" };
        await using var gateway = await GatewayHost.StartAsync(settings);
        await using var listener = await NotificationListener.StartAsync();
        var id = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint));
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, id, "active");
        var contexts = gateway.Services.GetRequiredService<IDbContextFactory<SubscriptionsDbContext>>();

        var left = -1;
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(15); left != 0 && DateTimeOffset.UtcNow < deadline; await Task.Delay(200))
        {
            await using var db = await contexts.CreateDbContextAsync();
            left = await db.Notifications.CountAsync(n => n.SubscriptionId == id);
        }

        // The delivered handshake is gone once the retention passed.
        Assert.Equal(0, left);
    }

    private static NotificationRow Row(string subscriptionId, string key, string state, long timestamp, long? delivered = null, long nextAttempt = 0) => new()
    {
        SubscriptionId = subscriptionId, Kind = "heartbeat", DedupeKey = key, State = state, TimestampTicks = timestamp, AcceptedTicks = timestamp,
        DeliveredTicks = delivered, NextAttemptTicks = nextAttempt,
    };
}
