using Microsoft.EntityFrameworkCore;

namespace Lead.Auth.Storage;

/// <summary>
/// Creates a DbContext's tables when missing, statement by statement, so every room (the authorization server here,
/// the gateway's sandbox, jobs, crosswalk, subscriptions) can own a DbContext over one shared database: EF's
/// EnsureCreated would skip everything once any table exists.
/// </summary>
public static class SchemaCreator
{
    public static async Task EnsureSchemaAsync(DbContext db, CancellationToken cancellationToken)
    {
        var script = db.Database.GenerateCreateScript();
        foreach (var statement in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (statement.Length == 0 || (statement.StartsWith("--", StringComparison.Ordinal) && !statement.Contains('\n', StringComparison.Ordinal)))
            {
                continue;
            }

            var idempotent = statement
                .Replace("CREATE TABLE ", "CREATE TABLE IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE UNIQUE INDEX ", "CREATE UNIQUE INDEX IF NOT EXISTS ", StringComparison.Ordinal)
                .Replace("CREATE INDEX ", "CREATE INDEX IF NOT EXISTS ", StringComparison.Ordinal);
#pragma warning disable EF1002 // The statements come from EF's own generated script, not from input.
            await db.Database.ExecuteSqlRawAsync(idempotent, cancellationToken);
#pragma warning restore EF1002
        }
    }
}
