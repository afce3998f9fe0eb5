using System.Text.Json;
using Lead.Gateway.Subscriptions.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>
/// Two replicas sharing the store: only the current lease holder records an outcome. The replicas are two outboxes
/// over a gateway's real store on a clock of their own, far ahead, so the gateway's own dispatcher (on the real clock)
/// never takes the rows; a gateway of its own, so no other test's rows are due on that clock.
/// </summary>
public sealed class OutboxLeaseTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Outbox_LateOutcomeAfterLeaseTakenOver_Ignored()
    {
        await using var gateway = await GatewayHost.StartAsync(SubscriptionGatewayFixture.Settings);
        var clock = new ManualClock(new DateTimeOffset(2100, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var contexts = gateway.Services.GetRequiredService<IDbContextFactory<SubscriptionsDbContext>>();
        var (replicaA, replicaB, replicaC) = (new Outbox(contexts, clock), new Outbox(contexts, clock), new Outbox(contexts, clock));
        // Off: stored without a handshake, so its only outbox rows are the ones written here.
        var off = SubscriptionJson.Build("encounter-start", "http://127.0.0.1:9/notify").Replace("\"requested\"", "\"off\"", StringComparison.Ordinal);
        var id = await SubscriptionJson.CreateAsync(gateway.Client, off);
        await AddDueRowAsync(contexts, id, clock);

        var first = Assert.Single(await replicaA.LeaseAsync("replica-a", 10, Lease, CancellationToken.None));
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        var second = Assert.Single(await replicaB.LeaseAsync("replica-b", 10, Lease, CancellationToken.None));
        var bDelivered = await replicaB.DeliveredAsync(second, CancellationToken.None);
        // Replica A's attempt timed out after all, and it reports so late.
        var aFailed = await replicaA.FailedAsync(first, "no answer within 5 s", null, CancellationToken.None);
        var aDelivered = await replicaA.DeliveredAsync(first, CancellationToken.None);

        Assert.Equal(first.Id, second.Id);
        Assert.True(bDelivered);
        Assert.False(aFailed);
        Assert.False(aDelivered);
        var (pending, failed) = await BacklogAsync(gateway.Client, id);
        Assert.Equal(("0", "0"), (pending, failed));

        // A replica giving back rows it no longer holds leaves the new holder's lease alone.
        await AddDueRowAsync(contexts, id, clock);
        var stale = Assert.Single(await replicaA.LeaseAsync("replica-a", 10, Lease, CancellationToken.None));
        clock.Advance(Lease + TimeSpan.FromSeconds(1));
        Assert.Single(await replicaB.LeaseAsync("replica-b", 10, Lease, CancellationToken.None));
        await replicaA.ReleaseAsync([stale], CancellationToken.None);
        Assert.Empty(await replicaC.LeaseAsync("replica-c", 10, Lease, CancellationToken.None));
    }

    private static async Task AddDueRowAsync(IDbContextFactory<SubscriptionsDbContext> contexts, string subscriptionId, TimeProvider clock)
    {
        var now = clock.GetUtcNow().UtcTicks;
        await using var db = await contexts.CreateDbContextAsync();
        db.Notifications.Add(new NotificationRow { SubscriptionId = subscriptionId, Kind = "heartbeat", TimestampTicks = now, AcceptedTicks = now, NextAttemptTicks = now });
        await db.SaveChangesAsync();
    }

    private static async Task<(string?, string?)> BacklogAsync(HttpClient client, string id)
    {
        using var status = JsonDocument.Parse(await client.GetStringAsync($"fhir/Subscription/{id}/$status"));
        var parameters = status.RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("parameter").EnumerateArray().ToList();
        string? Value(string name) => parameters.First(p => p.GetProperty("name").GetString() == name).GetProperty("valueString").GetString();
        return (Value("pending-notifications"), Value("failed-notifications"));
    }

    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;
    }
}
