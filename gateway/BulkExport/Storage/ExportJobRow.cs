namespace Lead.Gateway.BulkExport.Storage;

/// <summary>One export job. Times are Unix milliseconds: comparable in SQL on every provider.</summary>
internal sealed class ExportJobRow
{
    public required string Id { get; set; }

    public required string ClientId { get; set; }

    /// <summary>The canonical request (level, base, parameters): a second running job with the same key is a 429.</summary>
    public required string RequestKey { get; set; }

    /// <summary>The kick-off URL, echoed as the manifest's <c>request</c>.</summary>
    public required string RequestUrl { get; set; }

    /// <summary>The gateway's public base at kick-off: <c>meta.source</c> of every line names the source there.</summary>
    public required string BaseUrl { get; set; }

    public required string Level { get; set; }

    public string? GroupId { get; set; }

    public string? GroupSource { get; set; }

    /// <summary>The <c>_since</c> instant as sent upstream (UTC, 7 fraction digits), or null.</summary>
    public string? Since { get; set; }

    /// <summary>Comma-separated resource types the job may export (granted by the token, narrowed by <c>_type</c>).</summary>
    public required string Types { get; set; }

    /// <summary>JSON array of <c>Type?query</c> filters (<c>_typeFilter</c> and constrained scopes).</summary>
    public required string TypeFilters { get; set; }

    /// <summary>JSON array of patient references (POST <c>patient</c>).</summary>
    public required string Patients { get; set; }

    public string? Elements { get; set; }

    /// <summary>Comma-separated source ids the job reads.</summary>
    public required string Sources { get; set; }

    public required string Status { get; set; }

    public required string TransactionTime { get; set; }

    public long CreatedAt { get; set; }

    public long ExpiresAt { get; set; }

    public long? CompletedAt { get; set; }

    public string? LeaseOwner { get; set; }

    public long LeaseExpires { get; set; }

    public string? Failure { get; set; }
}
