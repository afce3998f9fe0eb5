using System.Data.Common;

namespace Lead.Gateway.Sandbox.Storage;

/// <summary>
/// Prepared INSERTs on the unit of work's own connection and transaction: the import and seed path, where EF's change
/// tracking costs more than the database does. Column names are EF's defaults (property names), quoted for PostgreSQL.
/// </summary>
internal sealed class SandboxBulkInsert : IDisposable
{
    private readonly DbCommand resources;
    private readonly DbCommand tokens;
    private readonly DbCommand references;

    public SandboxBulkInsert(DbConnection connection, DbTransaction transaction)
    {
        resources = Prepare(connection, transaction, "sandbox_resources", "Source", "Type", "Id", "VersionId", "LastUpdated", "IsCurrent", "Deleted", "Json");
        tokens = Prepare(connection, transaction, "sandbox_tokens", "Source", "Type", "Id", "Param", "System", "Value");
        references = Prepare(connection, transaction, "sandbox_references", "Source", "Type", "Id", "Param", "TargetType", "TargetId");
    }

    public Task AddAsync(SandboxResourceRow row, CancellationToken ct) =>
        ExecuteAsync(resources, ct, row.Source, row.Type, row.Id, row.VersionId, row.LastUpdated, row.IsCurrent, row.Deleted, row.Json);

    public Task AddAsync(SandboxTokenRow row, CancellationToken ct) =>
        ExecuteAsync(tokens, ct, row.Source, row.Type, row.Id, row.Param, row.System, row.Value);

    public Task AddAsync(SandboxReferenceRow row, CancellationToken ct) =>
        ExecuteAsync(references, ct, row.Source, row.Type, row.Id, row.Param, row.TargetType, row.TargetId);

    public void Dispose()
    {
        resources.Dispose();
        tokens.Dispose();
        references.Dispose();
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction transaction, string table, params string[] columns)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // Table and column names are constants of this class, never input.
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
#pragma warning restore CA2100
        for (var i = 0; i < columns.Length; i++)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task ExecuteAsync(DbCommand command, CancellationToken ct, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        await command.ExecuteNonQueryAsync(ct);
    }
}
