using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Sandbox.Storage;

/// <summary>The sandbox room's tables in the shared gateway database (created by <see cref="Lead.Auth.Storage.SchemaMigrator"/>).</summary>
internal sealed class SandboxDbContext(DbContextOptions<SandboxDbContext> options) : DbContext(options)
{
    public DbSet<SandboxResourceRow> Resources => Set<SandboxResourceRow>();

    public DbSet<SandboxTokenRow> Tokens => Set<SandboxTokenRow>();

    public DbSet<SandboxReferenceRow> References => Set<SandboxReferenceRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SandboxResourceRow>(e =>
        {
            e.ToTable("sandbox_resources");
            e.HasKey(r => new { r.Source, r.Type, r.Id, r.VersionId });
            // Reads and searches only ever look at current versions.
            e.HasIndex(r => new { r.Source, r.Type, r.IsCurrent, r.Id });
            e.HasIndex(r => new { r.Source, r.Type, r.IsCurrent, r.LastUpdated });
        });
        modelBuilder.Entity<SandboxTokenRow>(e =>
        {
            e.ToTable("sandbox_tokens");
            e.HasKey(t => t.Key);
            e.HasIndex(t => new { t.Source, t.Type, t.Param, t.Value });
            e.HasIndex(t => new { t.Source, t.Type, t.Id });
        });
        modelBuilder.Entity<SandboxReferenceRow>(e =>
        {
            e.ToTable("sandbox_references");
            e.HasKey(t => t.Key);
            e.HasIndex(t => new { t.Source, t.Type, t.Param, t.TargetId });
            e.HasIndex(t => new { t.Source, t.Type, t.Id });
        });
    }
}
