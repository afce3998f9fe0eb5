using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Lead.Gateway.Tests.Infrastructure;

/// <summary>
/// Which database the gateways under test use. By default each gets SQLite in its own data directory. When the
/// environment variable <c>LEAD_TEST_POSTGRES</c> holds a PostgreSQL connection string (a role that may create
/// databases), each data directory gets its own PostgreSQL database instead, created on first use and named after
/// the directory, so a test that restarts a gateway on the same directory finds its state again. <c>.ci/run</c>
/// runs the gateway tests both ways.
/// </summary>
internal static class TestStore
{
    public const string Variable = "LEAD_TEST_POSTGRES";

    private static readonly object Gate = new();

    private static readonly HashSet<string> Created = [];

    public static string? PostgresServer => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    /// <summary>Configuration keys for a gateway on <paramref name="dataDirectory"/>: none for SQLite.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(string dataDirectory)
    {
        if (PostgresServer is not { } server)
        {
            return [];
        }

        var database = DatabaseName(dataDirectory);
        EnsureDatabase(server, database);
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database };
        return
        [
            new("Storage:Provider", "postgres"),
            new("Storage:ConnectionString", connection.ConnectionString),
        ];
    }

    private static string DatabaseName(string dataDirectory)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(dataDirectory)));
        return "lead_test_" + Convert.ToHexStringLower(hash)[..24];
    }

    private static void EnsureDatabase(string server, string database)
    {
        lock (Gate)
        {
            if (!Created.Add(database))
            {
                return;
            }

            using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
            connection.Open();
            using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
            exists.Parameters.AddWithValue("name", database);
            if (exists.ExecuteScalar() is null)
            {
                // The name is ours (hex digits), never input: safe to put in the statement.
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                create.ExecuteNonQuery();
            }
        }
    }
}
