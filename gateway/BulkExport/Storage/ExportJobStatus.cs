namespace Lead.Gateway.BulkExport.Storage;

internal static class ExportJobStatus
{
    /// <summary>Accepted; its searches are not planned yet (planning reads the sources, so a worker does it).</summary>
    public const string Queued = "queued";

    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    /// <summary>Cancelled by the client: answered 404 from then on; files removed by the worker.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Past retention: files removed, answered 410 until the row itself is purged.</summary>
    public const string Expired = "expired";

    public static bool IsActive(string status) => status is Queued or Running;
}
