using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Subscriptions.Storage;

/// <summary>Subscriptions in the store. A new or re-activated subscription gets its handshake queued in the same transaction.</summary>
internal sealed class SubscriptionStore(IDbContextFactory<SubscriptionsDbContext> contexts, TimeProvider time)
{
    public event EventHandler? Changed;

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await Lead.Auth.Storage.SchemaMigrator.MigrateAsync(db, ct);
    }

    public async Task<SubscriptionRow?> FindAsync(string id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Subscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct);
    }

    /// <summary>One owner's subscriptions: the client's, created in the same patient context (none: <paramref name="patientId"/> null).</summary>
    public async Task<IReadOnlyList<SubscriptionRow>> ListAsync(string clientId, string? patientId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var query = db.Subscriptions.AsNoTracking().Where(s => s.ClientId == clientId);
        query = patientId is null ? query.Where(s => s.PatientId == null) : query.Where(s => s.PatientId == patientId);
        return await query.OrderBy(s => s.CreatedTicks).ToListAsync(ct);
    }

    /// <summary>
    /// Subscriptions that receive, or are about to receive, events: requested ones too, so that the moment a handshake
    /// succeeds no change slips past a cache that has not caught up (the outbox only numbers events for active ones).
    /// </summary>
    public async Task<IReadOnlyList<SubscriptionRow>> LiveAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Subscriptions.AsNoTracking()
            .Where(s => s.Status == SubscriptionStates.Active || s.Status == SubscriptionStates.Requested).ToListAsync(ct);
    }

    /// <summary>Inserts or replaces; queues a handshake when the row is (again) requested.</summary>
    public async Task SaveAsync(SubscriptionRow row, bool isNew, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (isNew)
        {
            db.Subscriptions.Add(row);
        }
        else
        {
            db.Subscriptions.Update(row);
        }

        if (row.Status == SubscriptionStates.Requested)
        {
            var now = time.GetUtcNow().UtcTicks;
            db.Notifications.Add(new NotificationRow
            {
                SubscriptionId = row.Id, Kind = Backport.Handshake, TimestampTicks = now, AcceptedTicks = now, NextAttemptTicks = now,
            });
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <summary>
    /// Claims a due heartbeat: moves the next-heartbeat time on only if nobody else did (another replica), and queues
    /// the heartbeat in the same transaction.
    /// </summary>
    public async Task<bool> QueueHeartbeatAsync(SubscriptionRow row, long now, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var next = now + TimeSpan.FromSeconds(row.HeartbeatSeconds!.Value).Ticks;
        var claimed = await db.Subscriptions.Where(s => s.Id == row.Id && s.NextHeartbeatTicks == row.NextHeartbeatTicks && s.Status == SubscriptionStates.Active)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextHeartbeatTicks, next), ct);
        if (claimed == 0)
        {
            return false;
        }

        db.Notifications.Add(new NotificationRow
        {
            SubscriptionId = row.Id, Kind = Backport.Heartbeat, TimestampTicks = now, AcceptedTicks = now, NextAttemptTicks = now,
        });
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    public async Task<bool> DeleteAsync(string id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.Subscriptions.Where(s => s.Id == id).ExecuteDeleteAsync(ct);
        await db.Notifications.Where(n => n.SubscriptionId == id).ExecuteDeleteAsync(ct);
        await transaction.CommitAsync(ct);
        Changed?.Invoke(this, EventArgs.Empty);
        return removed > 0;
    }

    /// <summary>Sets the status (and error) without touching the rest; returns false when the subscription is gone.</summary>
    public async Task SetStatusAsync(string id, string status, string? error, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await db.Subscriptions.Where(s => s.Id == id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Status, status).SetProperty(s => s.Error, error), ct);
        Changed?.Invoke(this, EventArgs.Empty);
    }
}

internal static class SubscriptionStates
{
    public const string Requested = "requested";
    public const string Active = "active";
    public const string Error = "error";
    public const string Off = "off";
}
