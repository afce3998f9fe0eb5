using Microsoft.EntityFrameworkCore;

namespace Lead.Auth.Storage;

/// <summary>The authorization server's tables in the shared database: OpenIddict's entities, assertion replay cache, EHR launch contexts.</summary>
internal sealed class SmartAuthDbContext(DbContextOptions<SmartAuthDbContext> options) : DbContext(options)
{
    public DbSet<AssertionReplayEntry> AssertionReplays => Set<AssertionReplayEntry>();

    public DbSet<LaunchContextEntry> LaunchContexts => Set<LaunchContextEntry>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseOpenIddict();
        modelBuilder.Entity<AssertionReplayEntry>(entity =>
        {
            entity.ToTable("SmartAssertionReplays");
            // The primary key is the replay check: a second insert of the same (client, jti) fails atomically on every replica.
            entity.HasKey(e => new { e.ClientId, e.Jti });
            entity.Property(e => e.ClientId).HasMaxLength(200);
            entity.Property(e => e.Jti).HasMaxLength(200);
            entity.HasIndex(e => e.ExpiresAtUnixSeconds);
        });
        modelBuilder.Entity<LaunchContextEntry>(entity =>
        {
            entity.ToTable("SmartLaunchContexts");
            entity.HasKey(e => e.Id);
            entity.Property(e => e.Id).HasMaxLength(64);
            entity.HasIndex(e => e.ExpiresAtUnixSeconds);
        });
    }
}
