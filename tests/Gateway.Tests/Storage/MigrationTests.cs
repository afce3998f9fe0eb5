using System.Net;
using Lead.Auth.Storage;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Storage;
using Lead.Gateway.Subscriptions.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Storage;

/// <summary>
/// Every room's tables come from EF Core migrations (docs/migrations.md): a model change without a migration, a
/// migration tied to one provider, or a store made before migrations that does not start cleanly, fails here.
/// </summary>
public sealed class MigrationTests
{
    private static readonly string[] RoomNames = ["sandbox", "bulkexport", "identity", "subscriptions", "smartauth"];

    public static TheoryData<string> Rooms => new(RoomNames);

    [Theory]
    [MemberData(nameof(Rooms))]
    public void Model_HasNoChangesMissingAMigration(string room)
    {
        using var db = Create(room, Sqlite(TempDirectory.Create("migrations")));

        Assert.False(db.Database.HasPendingModelChanges(), $"{db.GetType().Name} changed without a migration: run 'dotnet ef migrations add' (docs/migrations.md).");
    }

    [Theory]
    [MemberData(nameof(Rooms))]
    public void Migrations_RunOnBothProviders(string room)
    {
        using var db = Create(room, Sqlite(TempDirectory.Create("migrations")));
        var assembly = db.GetService<IMigrationsAssembly>();
        Assert.NotEmpty(assembly.Migrations);
        foreach (var (id, type) in assembly.Migrations)
        {
            var migration = assembly.CreateMigration(type, db.Database.ProviderName!);
            // PostgreSQL's SQL generator reads a column's type from the migration's target model when the operation has none.
            var typed = migration.TargetModel!.GetEntityTypes().SelectMany(e => e.GetProperties())
                .Where(p => p.FindAnnotation("Relational:ColumnType") is not null).Select(p => $"{p.DeclaringType.DisplayName()}.{p.Name}").ToList();
            Assert.True(typed.Count == 0, $"{id}: the target model fixes store types for {string.Join(", ", typed)} (run gateway/Storage/neutral-migration.sh)");
            var columns = migration.UpOperations
                .SelectMany(o => o switch
                {
                    CreateTableOperation t => t.Columns.Cast<ColumnOperation>(),
                    AddColumnOperation a => [a],
                    AlterColumnOperation a => [a],
                    _ => [],
                })
                .ToList();
            // A store type is a provider's (SQLite's INTEGER is PostgreSQL's 32-bit integer): each provider maps the CLR type.
            Assert.All(columns, c => Assert.True(c.ColumnType is null, $"{id}: {c.Table}.{c.Name} has store type '{c.ColumnType}' (run gateway/Storage/neutral-migration.sh)"));
            Assert.All(columns.Where(c => c["Sqlite:Autoincrement"] is true),
                c => Assert.True(c["Npgsql:ValueGenerationStrategy"] is not null, $"{id}: {c.Table}.{c.Name} is generated on SQLite only (run gateway/Storage/neutral-migration.sh)"));
        }
    }

    [Fact]
    public async Task StoreFromBeforeMigrations_StartsAndKeepsItsData()
    {
        // A store as earlier versions made it: every room's tables as they were then (what each room's first migration
        // describes; not today's model, which later migrations change), no migrations history.
        var dataDirectory = TempDirectory.Create("pre-migrations");
        var store = Store(dataDirectory);
        foreach (var room in RoomNames)
        {
            await using var db = Create(room, store);
            await db.GetService<IMigrator>().MigrateAsync(db.Database.GetMigrations().First());
            var history = RelationalOptionsExtension.Extract(db.GetService<IDbContextOptions>()).MigrationsHistoryTableName ?? HistoryRepository.DefaultTableName;
#pragma warning disable EF1003 // The history table's name from the context's own options.
            await db.Database.ExecuteSqlRawAsync("DROP TABLE \"" + history + "\"");
#pragma warning restore EF1003
        }

        await using (var db = (BulkExportDbContext)Create("bulkexport", store))
        {
            db.Errors.Add(new ExportErrorRow { JobId = "job-before-migrations", Severity = "error", Code = "processing", Message = "synthetic" });
            await db.SaveChangesAsync();
        }

        await using (var gateway = await GatewayHost.StartAsync(dataDirectory: dataDirectory))
        {
            using var ready = await gateway.Anonymous.GetAsync("readyz");
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            using var patients = await gateway.Client.GetAsync("fhir/aco-sandbox/Patient?_count=1");
            Assert.Equal(HttpStatusCode.OK, patients.StatusCode);
        }

        foreach (var room in RoomNames)
        {
            await using var db = Create(room, store);
            Assert.Empty(await db.Database.GetPendingMigrationsAsync());
            Assert.Equal(db.Database.GetMigrations().First(), (await db.Database.GetAppliedMigrationsAsync()).First());
        }

        await using (var db = (BulkExportDbContext)Create("bulkexport", store))
        {
            Assert.Single(await db.Errors.Where(e => e.JobId == "job-before-migrations").ToListAsync());
        }
    }

    private static GatewayStore Sqlite(string dataDirectory) => GatewayStore.FromConfiguration(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = dataDirectory }).Build());

    /// <summary>The store the gateway on that data directory will use (SQLite, or PostgreSQL under <see cref="TestStore"/>).</summary>
    private static GatewayStore Store(string dataDirectory) => GatewayStore.FromConfiguration(
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = dataDirectory })
            .AddInMemoryCollection(TestStore.Settings(dataDirectory))
            .Build());

    private static DbContext Create(string room, GatewayStore store) => room switch
    {
        "sandbox" => new SandboxDbContext(Options<SandboxDbContext>(store)),
        "bulkexport" => new BulkExportDbContext(Options<BulkExportDbContext>(store)),
        "identity" => new IdentityDbContext(Options<IdentityDbContext>(store)),
        "subscriptions" => new SubscriptionsDbContext(Options<SubscriptionsDbContext>(store)),
        "smartauth" => new SmartAuthDbContext(Options<SmartAuthDbContext>(store, b => b.UseOpenIddict())),
        _ => throw new ArgumentOutOfRangeException(nameof(room)),
    };

    private static DbContextOptions<T> Options<T>(GatewayStore store, Action<DbContextOptionsBuilder>? more = null)
        where T : DbContext
    {
        var builder = new DbContextOptionsBuilder<T>();
        store.Configure(builder);
        more?.Invoke(builder);
        return builder.Options;
    }
}
