namespace Lead.Gateway.BulkExport.Storage;

/// <summary>
/// One search of one source, or one file of a delegated source's own export (<see cref="ExportDelegationRow"/>), written
/// to one NDJSON file. The next page URL and the committed byte length are saved
/// together after each page, so a resumed job truncates the file to <see cref="Bytes"/> and asks for <see cref="NextUrl"/>.
/// </summary>
internal sealed class ExportTaskRow
{
    public long Id { get; set; }

    public required string JobId { get; set; }

    public required string SourceId { get; set; }

    /// <summary>The resource type; <see cref="Jobs.ExportErrors.SourceErrorFileType"/> for a delegated source's error file.</summary>
    public required string Type { get; set; }

    public required string FileName { get; set; }

    /// <summary>
    /// The first search, relative to the source's upstream base; for a delegated source's file, the file's URL (relative
    /// to the upstream base when under it, else absolute).
    /// </summary>
    public required string InitialUrl { get; set; }

    /// <summary>
    /// The next page, relative to the upstream base (the upstream may move, e.g. a sandbox on a new port). For a delegated
    /// source's file: how many of the file's lines are consumed (written or skipped), so a resumed download skips them.
    /// </summary>
    public string? NextUrl { get; set; }

    public bool Done { get; set; }

    public bool Failed { get; set; }

    public long Lines { get; set; }

    public long Bytes { get; set; }
}
