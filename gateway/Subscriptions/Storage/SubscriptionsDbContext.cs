using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Subscriptions.Storage;

/// <summary>Subscriptions and their notification outbox, in the gateway's store (never upstream).</summary>
internal sealed class SubscriptionsDbContext(DbContextOptions<SubscriptionsDbContext> options) : DbContext(options)
{
    public DbSet<SubscriptionRow> Subscriptions => Set<SubscriptionRow>();

    public DbSet<NotificationRow> Notifications => Set<NotificationRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SubscriptionRow>(e =>
        {
            e.ToTable("subscription");
            e.HasKey(s => s.Id);
            e.HasIndex(s => s.ClientId);
        });
        modelBuilder.Entity<NotificationRow>(e =>
        {
            e.ToTable("subscription_notification");
            e.HasKey(n => n.Id);
            // The dispatcher's lease query: pending work that is due.
            e.HasIndex(n => new { n.State, n.NextAttemptTicks });
            e.HasIndex(n => new { n.SubscriptionId, n.EventNumber });
            // A change seen by two observers (proxy and sandbox feed) or two replicas becomes one event.
            e.HasIndex(n => new { n.SubscriptionId, n.DedupeKey }).IsUnique();
        });
    }
}
