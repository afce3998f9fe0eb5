namespace Lead.Gateway.Sandbox.Storage;

/// <summary>One version of one resource. Every version is kept (history, vread); exactly one per resource is current.</summary>
internal sealed class SandboxResourceRow
{
    public required string Source { get; set; }

    public required string Type { get; set; }

    public required string Id { get; set; }

    public int VersionId { get; set; }

    /// <summary>UTC ticks: integers compare and sort the same on every provider, unlike DateTimeOffset on SQLite.</summary>
    public long LastUpdated { get; set; }

    public bool IsCurrent { get; set; }

    public bool Deleted { get; set; }

    /// <summary>The resource as served, meta.versionId and meta.lastUpdated included, so reads never re-serialize. Null when deleted.</summary>
    public string? Json { get; set; }
}
