using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Sandbox.Import;

/// <summary>
/// Reads NDJSON files line by line and loads them into a sandbox source in batches (one transaction each), keeping the
/// resources' own ids. A bad line is refused with its reason; it never stops the rest.
/// </summary>
internal sealed partial class NdjsonImporter(SandboxStore store, TextWriter output)
{
    public const int BatchSize = 500;

    public async Task<ImportReport> ImportAsync(string source, IEnumerable<string> files, CancellationToken ct)
    {
        var report = new ImportReport();
        var stopwatch = Stopwatch.StartNew();
        var lines = new List<(string Line, string Where)>(BatchSize);
        foreach (var file in files)
        {
            var name = Path.GetFileName(file);
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                report.Lines++;
                lines.Add((line, $"{name} line {lineNumber}"));
                if (lines.Count >= BatchSize)
                {
                    await ProcessAsync(source, lines, report, ct);
                    output.WriteLine($"  {report.Lines} lines, {report.Loaded} loaded, {report.Refused} refused ({report.Lines / stopwatch.Elapsed.TotalSeconds:0} lines/s)");
                }
            }
        }

        await ProcessAsync(source, lines, report, ct);
        report.Write(output, stopwatch.Elapsed);
        return report;
    }

    private async Task ProcessAsync(string source, List<(string Line, string Where)> lines, ImportReport report, CancellationToken ct)
    {
        // Parsing is the CPU-bound part (strict Firely deserialization): spread it over the cores, then store in order.
        var started = Stopwatch.GetTimestamp();
        var parsed = new (Resource? Resource, string? Reason, string Where)[lines.Count];
        Parallel.For(0, lines.Count, new ParallelOptions { CancellationToken = ct }, i => parsed[i] = Parse(lines[i].Line, lines[i].Where));
        report.ParseTime += Stopwatch.GetElapsedTime(started);

        var batch = new List<(Resource Resource, string Where)>(lines.Count);
        foreach (var (resource, reason, where) in parsed)
        {
            if (resource is null)
            {
                report.Refuse(reason!, where);
            }
            else
            {
                batch.Add((resource, where));
            }
        }

        lines.Clear();
        await FlushAsync(source, batch, report, ct);
    }

    /// <summary>A resource, or the reason it is refused and where (type/id when the JSON is readable, else file and line).</summary>
    private static (Resource? Resource, string? Reason, string Where) Parse(string line, string where)
    {
        try
        {
            var resource = FhirJson.Parse(line);
            var label = $"{resource.TypeName}/{resource.Id} ({where})";
            return string.IsNullOrEmpty(resource.Id) || !IdPattern().IsMatch(resource.Id)
                ? (null, $"{resource.TypeName} without a valid id", where)
                : (resource, null, label);
        }
        catch (SandboxException ex)
        {
            var label = Label(line) is { } typeAndId ? $"{typeAndId} ({where})" : where;
            var issue = ex.Outcome.Issue.FirstOrDefault();
            var reason = issue?.Expression.FirstOrDefault() is { } element
                ? $"{Redact(issue.Diagnostics ?? "", element)} at {element}"
                : Redact(issue?.Diagnostics ?? ex.Message, "");
            return (null, reason, label);
        }
    }

    private async Task FlushAsync(string source, List<(Resource Resource, string Where)> batch, ImportReport report, CancellationToken ct)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            await store.ImportAsync(source, [.. batch.Select(b => b.Resource)], ct);
            report.StoreTime += Stopwatch.GetElapsedTime(started);
            foreach (var (resource, _) in batch)
            {
                report.LoadedByType[resource.TypeName] = report.LoadedByType.GetValueOrDefault(resource.TypeName) + 1;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            output.WriteLine($"  a batch of {batch.Count} failed to store ({ex.GetType().Name}); none of it was loaded");
            foreach (var (_, where) in batch)
            {
                report.Refuse($"batch failed to store: {ex.GetType().Name}", where);
            }
        }

        batch.Clear();
    }

    /// <summary><c>Type/id</c> of a line that is valid JSON but not valid FHIR, so a refusal names the resource, not its content.</summary>
    private static string? Label(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String
                && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? $"{type.GetString()}/{id.GetString()}"
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Diagnostics can quote a bad value (a name, an MBI): keep quoted element names, blank everything else.</summary>
    private static string Redact(string diagnostics, string element)
    {
        var names = element.Split('.', '[', ']');
        var text = LineInfo().Replace(diagnostics, "");
        return Quoted().Replace(text, m => names.Contains(m.Groups[1].Value) ? m.Value : "'…'");
    }

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    // Line/position are per-resource here; the refusal already names the file line.
    [GeneratedRegex(" \\(line \\d+, position \\d+, element '[^']*'\\)")]
    private static partial Regex LineInfo();
}
