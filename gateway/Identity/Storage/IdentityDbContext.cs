using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Identity.Storage;

/// <summary>The identity crosswalk's own tables in the shared store (created by <see cref="Lead.Auth.Storage.SchemaMigrator"/>).</summary>
internal sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options)
{
    public DbSet<PersonRow> Persons => Set<PersonRow>();

    public DbSet<RecordRow> Records => Set<RecordRow>();

    public DbSet<IdentifierRow> Identifiers => Set<IdentifierRow>();

    public DbSet<ConflictRow> Conflicts => Set<ConflictRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PersonRow>(e =>
        {
            e.ToTable("identity_persons");
            e.HasKey(p => p.Id);
        });
        modelBuilder.Entity<RecordRow>(e =>
        {
            e.ToTable("identity_records");
            e.HasKey(r => new { r.Source, r.PatientId });
            e.HasIndex(r => r.PersonId);
            // $match narrows demographic candidates by birth date or family name before scoring.
            e.HasIndex(r => r.BirthDate);
            e.HasIndex(r => r.Family);
        });
        modelBuilder.Entity<IdentifierRow>(e =>
        {
            e.ToTable("identity_identifiers");
            e.HasKey(i => new { i.Source, i.PatientId, i.System, i.Value });
            e.HasIndex(i => new { i.Value, i.System });
        });
        modelBuilder.Entity<ConflictRow>(e =>
        {
            e.ToTable("identity_conflicts");
            e.HasKey(c => c.Id);
            e.HasIndex(c => new { c.Source, c.PatientId, c.System, c.Value, c.OtherPersonId }).IsUnique();
        });
    }
}
