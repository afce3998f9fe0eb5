namespace Lead.Gateway.Sandbox.Storage;

/// <summary>One stored version as the API hands it out: the JSON is exactly what a read returns.</summary>
internal sealed record StoredResource(string Type, string Id, int VersionId, DateTimeOffset LastUpdated, bool Deleted, string? Json)
{
    public string ETag => $"W/\"{VersionId}\"";

    internal static StoredResource From(SandboxResourceRow row) =>
        new(row.Type, row.Id, row.VersionId, new DateTimeOffset(row.LastUpdated, TimeSpan.Zero), row.Deleted, row.Json);
}
