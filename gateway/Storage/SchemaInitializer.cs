using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Storage;

/// <summary>
/// Creates a DbContext's tables and indexes when they are missing. Each room owns its own DbContext over the one
/// database, so no room's schema waits on another's; the generated script is made idempotent statement by statement.
/// </summary>
internal static class SchemaInitializer
{
    public static async Task EnsureSchemaAsync(DbContext db, CancellationToken cancellationToken)
    {
        var script = db.Database.GenerateCreateScript();
        foreach (var statement in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (statement.Length == 0 || statement.StartsWith("--", StringComparison.Ordinal) && !statement.Contains('\n', StringComparison.Ordinal))
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
