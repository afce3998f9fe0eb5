using System.Text.Json;
using Lead.Gateway.BulkExport.Storage;

namespace Lead.Gateway.BulkExport.Jobs;

internal static class ExportErrors
{
    /// <summary>Issue code of a single refused search (the source as a whole delivered).</summary>
    public const string Incomplete = "incomplete";

    /// <summary>
    /// Task type of a delegated source's error file (not a resource type): its lines go into the job's error file, not
    /// the manifest's output.
    /// </summary>
    public const string SourceErrorFileType = "error";

    public static ExportErrorRow ForSource(string jobId, SourceFailedException ex) => new()
    {
        JobId = jobId,
        SourceId = ex.SourceId,
        Severity = "error",
        Code = ex.SearchOnly ? Incomplete : ex.TimedOut ? "timeout" : "exception",
        Message = ex.Message + (ex.SearchOnly ? " That search's output is missing or incomplete." : " Its part of the export is missing or incomplete."),
    };

    /// <summary>One NDJSON line: an OperationOutcome naming the source (when there is one) in its text and as an expression-free issue.</summary>
    public static void WriteLine(Utf8JsonWriter w, ExportErrorRow error)
    {
        w.WriteStartObject();
        w.WriteString("resourceType", "OperationOutcome");
        w.WriteStartArray("issue");
        w.WriteStartObject();
        w.WriteString("severity", error.Severity);
        w.WriteString("code", error.Code);
        if (error.SourceId is not null)
        {
            w.WriteStartObject("details");
            w.WriteStartArray("coding");
            w.WriteStartObject();
            w.WriteString("system", Lead.Profiles.LeadCanonicals.SourceTagSystem);
            w.WriteString("code", error.SourceId);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteString("diagnostics", error.Message);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
