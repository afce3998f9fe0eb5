using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.BulkExport.Storage;

/// <summary>The bulk export room's tables in the shared gateway database (created by <see cref="Lead.Auth.Storage.SchemaMigrator"/>).</summary>
internal sealed class BulkExportDbContext(DbContextOptions<BulkExportDbContext> options) : DbContext(options)
{
    public DbSet<ExportJobRow> Jobs => Set<ExportJobRow>();

    public DbSet<ExportTaskRow> Tasks => Set<ExportTaskRow>();

    public DbSet<ExportErrorRow> Errors => Set<ExportErrorRow>();

    public DbSet<ExportDelegationRow> Delegations => Set<ExportDelegationRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ExportJobRow>(e =>
        {
            e.ToTable("bulk_export_jobs");
            e.HasKey(j => j.Id);
            // Leasing scans runnable jobs; listing and the duplicate check look up one client's jobs.
            e.HasIndex(j => new { j.Status, j.LeaseExpires });
            e.HasIndex(j => new { j.ClientId, j.RequestKey });
        });
        modelBuilder.Entity<ExportTaskRow>(e =>
        {
            e.ToTable("bulk_export_tasks");
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.JobId);
        });
        modelBuilder.Entity<ExportErrorRow>(e =>
        {
            e.ToTable("bulk_export_errors");
            e.HasKey(t => t.Id);
            e.HasIndex(t => t.JobId);
        });
        // Its own table rather than columns on the tasks (it predates migrations; see docs/migrations.md).
        modelBuilder.Entity<ExportDelegationRow>(e =>
        {
            e.ToTable("bulk_export_delegations");
            e.HasKey(d => d.Id);
            e.HasIndex(d => d.JobId);
        });
    }
}
