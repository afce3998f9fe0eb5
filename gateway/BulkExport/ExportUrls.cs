using Lead.Gateway.Hosting;

namespace Lead.Gateway.BulkExport;

/// <summary>The gateway's own bulk URLs (absolute, from <see cref="PublicUrls"/>).</summary>
internal sealed class ExportUrls(PublicUrls urls)
{
    public const string StatusPath = "/fhir/$export-status/{jobId}";
    public const string FilePath = "/fhir/$export-file/{jobId}/{fileName}";
    public const string JobsPath = "/fhir/$export-jobs";

    public string Status(HttpContext context, string jobId) => $"{urls.FhirBase(context)}/$export-status/{jobId}";

    public string File(HttpContext context, string jobId, string fileName) => $"{urls.FhirBase(context)}/$export-file/{jobId}/{fileName}";
}
