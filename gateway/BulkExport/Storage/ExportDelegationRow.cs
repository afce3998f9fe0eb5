namespace Lead.Gateway.BulkExport.Storage;

/// <summary>
/// One source's part of a job run by the source's own <c>$export</c> (<c>Sources:{id}:Export:Mode=delegate</c>). The status
/// URL is saved as soon as the source accepts the kick-off, so a resumed job polls the same source job instead of starting
/// another; once the source's manifest is read, each of its files is an <see cref="ExportTaskRow"/> downloaded with the
/// same commit-then-resume rule as a search.
/// </summary>
internal sealed class ExportDelegationRow
{
    public long Id { get; set; }

    public required string JobId { get; set; }

    public required string SourceId { get; set; }

    /// <summary>The kick-off, relative to the source's upstream base (<c>$export?_type=…</c>).</summary>
    public required string KickOffUrl { get; set; }

    /// <summary>The source's status URL: relative to its upstream base when under it (the upstream may move), else absolute.</summary>
    public string? StatusUrl { get; set; }

    /// <summary>When the source accepted the kick-off (Unix ms): <c>Export:MaxDuration</c> counts from here, across restarts.</summary>
    public long StartedAt { get; set; }

    /// <summary>The manifest is read and its files are tasks; what is left is downloading them.</summary>
    public bool ManifestRead { get; set; }

    /// <summary>Whether the source's file URLs need the gateway's credentials for the source.</summary>
    public bool RequiresAccessToken { get; set; }

    /// <summary>All files downloaded, or the source failed: nothing more to do.</summary>
    public bool Done { get; set; }
}
