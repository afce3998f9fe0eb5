using System.Text.Json;
using Lead.Gateway.BulkExport.Jobs;
using Lead.Gateway.BulkExport.Storage;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>The Bulk Data completion manifest; its extension says per source whether it delivered (partial success is shown, not hidden).</summary>
internal static class ManifestWriter
{
    public const string SourcesExtension = "https://lead-gateway.org/fhir/bulk/sources";

    public static byte[] Write(ExportJobRow job, IReadOnlyList<ExportTaskRow> tasks, int errorCount, IReadOnlyDictionary<string, string> sourceStates,
        Func<string, string> fileUrl)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("transactionTime", job.TransactionTime);
            w.WriteString("request", job.RequestUrl);
            w.WriteBoolean("requiresAccessToken", true);
            w.WriteStartArray("output");
            foreach (var task in tasks.Where(t => t.Lines > 0 && t.Type != ExportErrors.SourceErrorFileType))
            {
                w.WriteStartObject();
                w.WriteString("type", task.Type);
                w.WriteString("url", fileUrl(task.FileName));
                w.WriteNumber("count", task.Lines);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("error");
            if (errorCount > 0)
            {
                w.WriteStartObject();
                w.WriteString("type", "OperationOutcome");
                w.WriteString("url", fileUrl(ExportFiles.ErrorFileName));
                w.WriteNumber("count", errorCount);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("extension");
            w.WriteStartArray(SourcesExtension);
            foreach (var source in job.Sources.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                w.WriteStartObject();
                w.WriteString("source", source);
                // failed: the source as a whole did not deliver; partial: some of its searches were refused.
                w.WriteString("status", sourceStates.GetValueOrDefault(source, "complete"));
                w.WriteNumber("count", tasks.Where(t => t.SourceId == source && t.Type != ExportErrors.SourceErrorFileType).Sum(t => t.Lines));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
