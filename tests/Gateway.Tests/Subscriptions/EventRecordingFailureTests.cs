using System.Text.Json;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Sources;
using Lead.Gateway.Subscriptions;
using Lead.Gateway.Subscriptions.Events;
using Lead.Gateway.Subscriptions.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>
/// A store failure is not a duplicate, and a change the store briefly could not take is recorded on a later attempt.
/// Each test has a gateway of its own (on SQLite, or PostgreSQL under LEAD_TEST_POSTGRES), so no other test's events count.
/// </summary>
public sealed class EventRecordingFailureTests
{
    [Fact]
    public async Task Outbox_SameChangeTwice_OneEvent_OtherSaveFailure_NotTakenForDuplicate()
    {
        await using var gateway = await GatewayHost.StartAsync(SubscriptionGatewayFixture.Settings);
        await using var listener = await NotificationListener.StartAsync();
        var id = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint, "Encounter?patient=Patient/nobody"));
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, id, "active");
        var contexts = gateway.Services.GetRequiredService<IDbContextFactory<SubscriptionsDbContext>>();
        var outbox = new Outbox(contexts, TimeProvider.System);

        var first = await outbox.AddEventAsync(id, Event(id, "aco-sandbox/Encounter/e1/_history/1|encounter-start"), CancellationToken.None);
        var again = await outbox.AddEventAsync(id, Event(id, "aco-sandbox/Encounter/e1/_history/1|encounter-start"), CancellationToken.None);
        // A NOT NULL violation: a failed save that is no duplicate must not be reported as "already recorded".
        var broken = Event(id, "aco-sandbox/Encounter/e2/_history/1|encounter-start");
        broken.Kind = null!;
        var failure = await Assert.ThrowsAsync<DbUpdateException>(() => outbox.AddEventAsync(id, broken, CancellationToken.None));
        // The race the pre-check cannot see (two observers at once) ends at the unique index: that one is a duplicate.
        var race = await Assert.ThrowsAsync<DbUpdateException>(async () =>
        {
            await using var db = await contexts.CreateDbContextAsync();
            db.Notifications.Add(Event(id, "aco-sandbox/Encounter/e1/_history/1|encounter-start"));
            await db.SaveChangesAsync();
        });

        Assert.True(first);
        Assert.False(again);
        Assert.False(UniqueViolation.Is(failure));
        Assert.True(UniqueViolation.Is(race));
        Assert.Single(await outbox.EventsAsync(id, 1, long.MaxValue, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ChangeProcessor_StoreFailsTwice_EventRecordedOnRetry()
    {
        await using var gateway = await GatewayHost.StartAsync(SubscriptionGatewayFixture.Settings);
        await using var listener = await NotificationListener.StartAsync();
        var id = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint));
        await SubscriptionJson.WaitForStatusAsync(gateway.Client, id, "active");
        var services = gateway.Services;
        var contexts = new FlakyContexts(services.GetRequiredService<IDbContextFactory<SubscriptionsDbContext>>(), failures: 2);
        var cache = services.GetRequiredService<SubscriptionCache>();
        var recorder = new EventRecorder(cache, new Outbox(contexts, TimeProvider.System), services.GetRequiredService<PatientPlaces>(), TimeProvider.System);
        var queue = new ChangeQueue(cache);
        using var processor = new ChangeProcessor(queue, services.GetRequiredService<SandboxStore>(), services.GetRequiredService<SourceRegistry>(),
            services.GetRequiredService<UpstreamVersions>(), recorder, TimeProvider.System, NullLogger<ChangeProcessor>.Instance);
        await processor.StartAsync(CancellationToken.None);

        queue.Offer("Encounter", () => new ResourceChange("aco-sandbox", "aco", "Encounter", "retried-1", "1", "create",
            SubscriptionJson.Encounter("someone", id: "retried-1"), null, DateTimeOffset.UtcNow));
        // Three attempts take about 1.2 s (the first two waits); without retries the change is gone after the first.
        var recorded = 0;
        for (var deadline = DateTimeOffset.UtcNow.AddSeconds(10); recorded == 0 && DateTimeOffset.UtcNow < deadline; await Task.Delay(100))
        {
            using var events = JsonDocument.Parse(await gateway.Client.GetStringAsync($"fhir/Subscription/{id}/$events"));
            recorded = new Notification(events.RootElement, new Dictionary<string, string>(), default).Events.Count();
        }

        await processor.StopAsync(CancellationToken.None);

        Assert.Equal(2, contexts.Failed);
        Assert.Equal(1, recorded);
    }

    private static NotificationRow Event(string subscriptionId, string dedupeKey) => new()
    {
        SubscriptionId = subscriptionId, Kind = "event-notification", DedupeKey = dedupeKey, FocusSource = "aco-sandbox", FocusType = "Encounter",
        FocusId = "e1", Interaction = "create", NextAttemptTicks = DateTimeOffset.UtcNow.UtcTicks,
    };

    /// <summary>The real store, unavailable for the first <c>failures</c> connections (a failover, say).</summary>
    private sealed class FlakyContexts(IDbContextFactory<SubscriptionsDbContext> inner, int failures) : IDbContextFactory<SubscriptionsDbContext>
    {
        public int Failed { get; private set; }

        public SubscriptionsDbContext CreateDbContext()
        {
            if (Failed < failures)
            {
                Failed++;
                throw new TimeoutException("The store is unavailable (test).");
            }

            return inner.CreateDbContext();
        }

        public Task<SubscriptionsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());
    }
}
