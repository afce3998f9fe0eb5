using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace Lead.Auth.Storage;

/// <summary>
/// Brings a room's tables up to date with EF Core migrations (each room, e.g. the authorization server here or the
/// gateway's sandbox, owns a DbContext over one shared database and its own migrations history table; see
/// docs/migrations.md). A store created before migrations existed (tables made from the model, no history) is
/// recognised and recorded as being at the first migration, which describes exactly those tables.
/// </summary>
public static class SchemaMigrator
{
    public static async Task MigrateAsync(DbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var first = db.Database.GetMigrations().FirstOrDefault()
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no migrations: add one with 'dotnet ef migrations add' (docs/migrations.md).");
        await BaselineAsync(db, first, cancellationToken);
        // The history table first: Npgsql's migrator otherwise reads it before creating it, logging a failed command on
        // every new database.
        await db.Database.ExecuteSqlRawAsync(db.GetService<IHistoryRepository>().GetCreateIfNotExistsScript(), cancellationToken);
        await db.Database.MigrateAsync(cancellationToken);
    }

    /// <summary>Tables present but no history: a store made before migrations (CREATE TABLE IF NOT EXISTS from the model).</summary>
    private static async Task BaselineAsync(DbContext db, string firstMigration, CancellationToken ct)
    {
        // (Not IHistoryRepository.ExistsAsync: Npgsql's answers true before the table exists.)
        var historyTable = RelationalOptionsExtension.Extract(db.GetService<IDbContextOptions>()).MigrationsHistoryTableName
            ?? HistoryRepository.DefaultTableName;
        if (await TableExistsAsync(db, historyTable, ct))
        {
            return;
        }

        var migrations = db.GetService<IMigrationsAssembly>();
        var initial = migrations.CreateMigration(migrations.Migrations[firstMigration], db.Database.ProviderName!);
        var firstTable = initial.UpOperations.OfType<CreateTableOperation>().First().Name;
        if (!await TableExistsAsync(db, firstTable, ct))
        {
            return;
        }

        var history = db.GetService<IHistoryRepository>();
        await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
        await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(firstMigration, ProductInfo.GetVersion())), ct);
    }

    private static async Task<bool> TableExistsAsync(DbContext db, string table, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = db.Database.IsSqlite()
                ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name"
                : "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @name";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@name";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}
