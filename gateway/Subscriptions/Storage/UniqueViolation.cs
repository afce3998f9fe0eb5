using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Lead.Gateway.Subscriptions.Storage;

/// <summary>
/// Whether a failed save broke a unique index (the same change recorded twice), on either store. Anything else (a
/// lost connection, a full disk, a lock timeout) is a real failure and must not be mistaken for a duplicate.
/// </summary>
internal static class UniqueViolation
{
    /// <summary>SQLITE_CONSTRAINT_UNIQUE and SQLITE_CONSTRAINT_PRIMARYKEY (primary code 19, SQLITE_CONSTRAINT).</summary>
    private const int SqliteConstraint = 19;
    private const int SqliteUnique = 2067;
    private const int SqlitePrimaryKey = 1555;

    public static bool Is(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint && sqlite.SqliteExtendedErrorCode is SqliteUnique or SqlitePrimaryKey,
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        _ => false,
    };
}
