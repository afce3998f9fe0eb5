using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Subscriptions.Storage;

/// <summary>
/// The persisted notification outbox. Events are numbered and written in one transaction; deliveries are leased
/// with a conditional update (the row is taken only if nobody holds a live lease), so replicas sharing the store never
/// send the same row twice at once, and a dead replica's rows come back when its lease runs out.
/// </summary>
internal sealed class Outbox(IDbContextFactory<SubscriptionsDbContext> contexts, TimeProvider time)
{
    /// <summary>Raised after new work was committed, so the local dispatcher need not wait for its next poll.</summary>
    public event EventHandler? WorkAdded;

    /// <summary>Numbers and stores an event; false when the same change was already recorded for this subscription.</summary>
    public async Task<bool> AddEventAsync(string subscriptionId, NotificationRow row, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        if (row.DedupeKey is not null && await db.Notifications.AnyAsync(n => n.SubscriptionId == subscriptionId && n.DedupeKey == row.DedupeKey, ct))
        {
            return false;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // The increment takes the row's write lock first: concurrent events of one subscription get distinct numbers.
        var updated = await db.Subscriptions.Where(s => s.Id == subscriptionId && s.Status == SubscriptionStates.Active)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EventCount, s => s.EventCount + 1), ct);
        if (updated == 0)
        {
            return false;
        }

        row.SubscriptionId = subscriptionId;
        row.EventNumber = await db.Subscriptions.Where(s => s.Id == subscriptionId).Select(s => s.EventCount).FirstAsync(ct);
        db.Notifications.Add(row);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (UniqueViolation.Is(ex))
        {
            // Lost a race with the other observer of the same change: the unique (subscription, dedupe key) index held.
            // Any other failure propagates (and is retried by the caller): it is no duplicate, and the event is not stored.
            return false;
        }

        await transaction.CommitAsync(ct);
        WorkAdded?.Invoke(this, EventArgs.Empty);
        return true;
    }

    /// <summary>Whether the subscription has an event about this resource (each subscription has one topic).</summary>
    public async Task<bool> HasEventAboutAsync(string subscriptionId, string source, string type, string id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Notifications.AnyAsync(n => n.SubscriptionId == subscriptionId && n.EventNumber != null
            && n.FocusSource == source && n.FocusType == type && n.FocusId == id, ct);
    }

    /// <summary>Tells the local dispatcher that work was committed elsewhere (handshakes, heartbeats).</summary>
    public void Signal() => WorkAdded?.Invoke(this, EventArgs.Empty);

    /// <summary>Takes up to <paramref name="max"/> due rows for <paramref name="owner"/> until the lease ends.</summary>
    public async Task<IReadOnlyList<NotificationRow>> LeaseAsync(string owner, int max, TimeSpan lease, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcTicks;
        var until = now + lease.Ticks;
        await using var db = await contexts.CreateDbContextAsync(ct);
        // In order per subscription: a row waits while an earlier one of its subscription waits for a retry or is
        // leased by someone else (head-of-line blocking, as subscribers expect events in event-number order).
        var candidates = await db.Notifications.AsNoTracking()
            .Where(n => n.State == OutboxStates.Pending && n.NextAttemptTicks <= now && n.LeaseUntilTicks < now
                && !db.Notifications.Any(o => o.SubscriptionId == n.SubscriptionId && o.State == OutboxStates.Pending && o.Id < n.Id
                    && (o.NextAttemptTicks > now || o.LeaseUntilTicks >= now)))
            .OrderBy(n => n.Id).Select(n => n.Id).Take(max).ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }

        await db.Notifications
            .Where(n => candidates.Contains(n.Id) && n.State == OutboxStates.Pending && n.LeaseUntilTicks < now)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.LeaseUntilTicks, until).SetProperty(n => n.LeaseOwner, owner), ct);
        return await db.Notifications.AsNoTracking()
            .Where(n => candidates.Contains(n.Id) && n.LeaseOwner == owner && n.LeaseUntilTicks == until)
            .OrderBy(n => n.Id).ToListAsync(ct);
    }

    /// <summary>
    /// Records a delivery, only if <paramref name="leased"/>'s lease is still the row's (same owner and lease end, still
    /// pending): after a lease ran out and another replica took the row, a late outcome from the first changes nothing.
    /// </summary>
    /// <returns>False when the lease was lost (the outcome was not recorded).</returns>
    public async Task<bool> DeliveredAsync(NotificationRow leased, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var now = time.GetUtcNow().UtcTicks;
        return await HeldBy(db, leased).ExecuteUpdateAsync(u => u
            .SetProperty(n => n.State, OutboxStates.Delivered).SetProperty(n => n.DeliveredTicks, now)
            .SetProperty(n => n.Attempts, n => n.Attempts + 1).SetProperty(n => n.LeaseUntilTicks, 0L).SetProperty(n => n.LastError, (string?)null), ct) > 0;
    }

    /// <summary>
    /// Records a failed attempt (retried at <paramref name="retryAt"/>, or given up when it is null), only if
    /// <paramref name="leased"/>'s lease is still the row's.
    /// </summary>
    /// <returns>False when the lease was lost (the outcome was not recorded).</returns>
    public async Task<bool> FailedAsync(NotificationRow leased, string error, DateTimeOffset? retryAt, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var state = retryAt is null ? OutboxStates.Failed : OutboxStates.Pending;
        var next = retryAt?.UtcTicks ?? 0;
        return await HeldBy(db, leased).ExecuteUpdateAsync(u => u
            .SetProperty(n => n.State, state).SetProperty(n => n.NextAttemptTicks, next).SetProperty(n => n.LastError, error)
            .SetProperty(n => n.Attempts, n => n.Attempts + 1).SetProperty(n => n.LeaseUntilTicks, 0L), ct) > 0;
    }

    /// <summary>Gives back leased rows not attempted (an earlier row of the same subscription failed first), those still held.</summary>
    public async Task ReleaseAsync(IReadOnlyList<NotificationRow> leased, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        foreach (var row in leased)
        {
            await HeldBy(db, row).ExecuteUpdateAsync(u => u.SetProperty(n => n.LeaseUntilTicks, 0L), ct);
        }
    }

    /// <summary>The row while this lease is its lease: a lease is its owner and end (the same owner may lease a row again).</summary>
    private static IQueryable<NotificationRow> HeldBy(SubscriptionsDbContext db, NotificationRow leased) =>
        db.Notifications.Where(n => n.Id == leased.Id && n.State == OutboxStates.Pending
            && n.LeaseOwner == leased.LeaseOwner && n.LeaseUntilTicks == leased.LeaseUntilTicks);

    /// <summary>Gives back leases this replica still holds (shutting down): another replica, or the next start, takes them at once.</summary>
    public async Task ReleaseAsync(string owner, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Notifications.Where(n => n.LeaseOwner == owner && n.State == OutboxStates.Pending)
            .ExecuteUpdateAsync(u => u.SetProperty(n => n.LeaseUntilTicks, 0L), ct);
    }

    /// <summary>
    /// Deletes delivered notifications delivered before <paramref name="cutoff"/> and failed ones raised before it;
    /// pending ones stay whatever their age.
    /// </summary>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> PurgeAsync(DateTimeOffset cutoff, CancellationToken ct)
    {
        var before = cutoff.UtcTicks;
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Notifications
            .Where(n => (n.State == OutboxStates.Delivered && n.DeliveredTicks < before) || (n.State == OutboxStates.Failed && n.TimestampTicks < before))
            .ExecuteDeleteAsync(ct);
    }

    /// <summary>Events of a subscription by number (inclusive bounds), for <c>$events</c>.</summary>
    public async Task<IReadOnlyList<NotificationRow>> EventsAsync(string subscriptionId, long since, long until, int max, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Notifications.AsNoTracking()
            .Where(n => n.SubscriptionId == subscriptionId && n.EventNumber != null && n.EventNumber >= since && n.EventNumber <= until)
            .OrderBy(n => n.EventNumber).Take(max).ToListAsync(ct);
    }

    /// <summary>Counts for <c>$status</c>: pending and failed deliveries.</summary>
    public async Task<(int Pending, int Failed)> BacklogAsync(string subscriptionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var pending = await db.Notifications.CountAsync(n => n.SubscriptionId == subscriptionId && n.State == OutboxStates.Pending, ct);
        var failed = await db.Notifications.CountAsync(n => n.SubscriptionId == subscriptionId && n.State == OutboxStates.Failed, ct);
        return (pending, failed);
    }
}
