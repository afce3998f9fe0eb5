using Lead.Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport;

/// <summary>Where a job's NDJSON files live: <c>{DataDirectory}/exports/{jobId}/</c>.</summary>
internal sealed class ExportFiles(IOptions<GatewayOptions> gateway)
{
    public const string ErrorFileName = "errors.ndjson";

    public string Root { get; } = Path.Combine(gateway.Value.ResolveDataDirectory(), "exports");

    public string JobDirectory(string jobId) => Path.Combine(Root, jobId);

    public string FilePath(string jobId, string fileName) => Path.Combine(JobDirectory(jobId), fileName);

    public void Delete(string jobId)
    {
        var directory = JobDirectory(jobId);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
