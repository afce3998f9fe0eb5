using Lead.Gateway.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Storage;

/// <summary>The one database every room shares: knows the provider and connection string, configures DbContexts.</summary>
internal sealed class GatewayStore
{
    public GatewayStore(IOptions<StorageOptions> storage, IOptions<GatewayOptions> gateway)
    {
        Provider = storage.Value.Provider;
        if (Provider == "sqlite")
        {
            var dataDirectory = gateway.Value.ResolveDataDirectory();
            Directory.CreateDirectory(dataDirectory);
            ConnectionString = string.IsNullOrWhiteSpace(storage.Value.ConnectionString)
                ? new SqliteConnectionStringBuilder
                {
                    DataSource = Path.Combine(dataDirectory, "gateway.db"),
                    DefaultTimeout = 30,
                    Pooling = true,
                }.ToString()
                : storage.Value.ConnectionString;
        }
        else
        {
            ConnectionString = storage.Value.ConnectionString
                ?? throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions),
                    ["Storage:ConnectionString is required when Storage:Provider is 'postgres'."]);
        }
    }

    /// <summary>The store as configured, for registrations made before the container exists (the auth server's DbContext).</summary>
    public static GatewayStore FromConfiguration(IConfiguration configuration) =>
        new(Options.Create(configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions()),
            Options.Create(GatewayOptions.Read(configuration)));

    public string Provider { get; }

    public string ConnectionString { get; }

    public bool IsSqlite => Provider == "sqlite";

    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Every room's DbContext keeps its migrations history in a table of its own in the shared database.
        var history = HistoryTable(options.Options.ContextType);
        if (IsSqlite)
        {
            options.UseSqlite(ConnectionString, sqlite => sqlite.MigrationsHistoryTable(history)).AddInterceptors(SqliteBusyTimeout.Instance);
        }
        else
        {
            options.UseNpgsql(ConnectionString, npgsql => npgsql.MigrationsHistoryTable(history));
            // The migrations' model snapshots are SQLite's (docs/migrations.md): PostgreSQL's column types differ by design.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        }
    }

    /// <summary><c>__lead_migrations_sandbox</c> for <c>SandboxDbContext</c>, and so on.</summary>
    internal static string HistoryTable(Type contextType) =>
        "__lead_migrations_" + contextType.Name.Replace("DbContext", "", StringComparison.Ordinal).ToLowerInvariant();

    /// <summary>One-time database settings: WAL lets readers proceed while the sandbox or a job writes.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        if (!IsSqlite)
        {
            return;
        }

        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL;";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Cheap reachability check for <c>/readyz</c>.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            var options = new DbContextOptionsBuilder<DbContext>();
            Configure(options);
            await using var db = new DbContext(options.Options);
            // A real round trip: EF's CanConnect only checks that a SQLite file exists.
            await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
