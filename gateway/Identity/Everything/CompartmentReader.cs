using System.Collections.Concurrent;
using System.Text.Json;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Identity.Everything;

/// <summary>
/// Reads one source Patient's compartment: the Patient (<c>Patient?_id=</c>) and a patient-confined search per type,
/// all types at once, every page, up to the snapshot instant and from <c>_since</c>.
/// </summary>
internal sealed class CompartmentReader(SourceReader reader)
{
    private const int PageSize = 500;

    public async Task<(IReadOnlyList<CompartmentEntry> Entries, IReadOnlyList<string> Problems)> ReadAsync(
        GatewaySource source, string patientId, IReadOnlyList<string> types, DateTimeOffset? since, DateTimeOffset snapshot,
        string requestId, CancellationToken ct)
    {
        var entries = new ConcurrentBag<CompartmentEntry>();
        var problems = new ConcurrentBag<string>();
        var window = $"&_lastUpdated=le{EverythingQuery.Instant(snapshot)}" + (since is { } s ? $"&_lastUpdated=ge{EverythingQuery.Instant(s)}" : "");
        await Parallel.ForEachAsync(types, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (type, token) =>
        {
            var parameter = PatientSearchParameters.For(type);
            if (parameter is null)
            {
                return;
            }

            var value = Uri.EscapeDataString(type == "Patient" ? patientId : "Patient/" + patientId);
            try
            {
                await foreach (var resource in reader.SearchAsync(source, $"{type}?{parameter}={value}{window}&_count={PageSize}", requestId, token))
                {
                    if (resource.TryGetProperty("resourceType", out var t) && t.GetString() == type && resource.TryGetProperty("id", out var id))
                    {
                        entries.Add(new CompartmentEntry(source.Id, type, id.GetString()!, resource.GetRawText()));
                    }
                }
            }
            catch (SourceReadException ex)
            {
                problems.Add($"{type} from source '{source.Id}' is missing: {ex.Message}");
            }
        });
        return ([.. entries], [.. problems]);
    }

    /// <summary>Whether the resource references the patient (what a patient/ token may see of it).</summary>
    public static bool BelongsTo(CompartmentEntry entry, string patientId)
    {
        using var json = JsonDocument.Parse(entry.Json);
        return SmartResponseChecks.BelongsToPatient(json.RootElement, entry.Type, patientId);
    }
}
