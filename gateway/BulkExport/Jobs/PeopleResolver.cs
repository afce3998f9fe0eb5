using System.Globalization;
using System.Text.Json;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Lead.Profiles;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// The people of a Group or patient-list export, in every source: the members as the roster's source knows them, then
/// the same people elsewhere, matched by MBI and Medicaid ID (never by demographics: the gateway does not guess).
/// </summary>
internal sealed class PeopleResolver(UpstreamClient upstream, GroupLocator groups, SourceRegistry registry, UnifiedRoutes unified)
{
    private const int IdChunk = 100;
    private const int IdentifierChunk = 40;

    /// <summary>Per source id: Patient id → whether they need their full history (joined the roster after <c>_since</c>).</summary>
    public async Task<Dictionary<string, Dictionary<string, bool>>> ResolveAsync(
        ExportJobRow job, IReadOnlyList<GatewaySource> sources, IReadOnlyList<string> patientReferences, List<ExportErrorRow> errors, CancellationToken ct)
    {
        var since = job.Since is null ? (DateTimeOffset?)null : DateTimeOffset.Parse(job.Since, CultureInfo.InvariantCulture);
        var seeds = new List<(string Source, string Id, bool Full)>();
        if (job.GroupId is not null && job.GroupSource is not null && registry.Find(job.GroupSource) is { } groupSource)
        {
            var members = await groups.MembersAsync(groupSource, job.GroupId, ct);
            seeds.AddRange(members.Select(m => (groupSource.Id, m.PatientId, since is not null && m.Since > since)));
        }

        foreach (var reference in patientReferences)
        {
            if (Locate(job, reference, sources) is { } seed)
            {
                seeds.Add((seed.Source, seed.Id, false));
            }
        }

        var result = sources.ToDictionary(s => s.Id, _ => new Dictionary<string, bool>(StringComparer.Ordinal), StringComparer.Ordinal);
        var identifiers = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var bySource in seeds.GroupBy(s => s.Source))
        {
            var source = registry.Find(bySource.Key)!;
            var full = bySource.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.Any(s => s.Full), StringComparer.Ordinal);
            foreach (var (id, f) in full)
            {
                if (result.TryGetValue(source.Id, out var own))
                {
                    own[id] = f;
                }
            }

            foreach (var chunk in full.Keys.Chunk(IdChunk))
            {
                await SearchAsync(source, $"Patient?_id={string.Join(',', chunk)}&_count={IdChunk}", patient =>
                {
                    var f = patient.TryGetProperty("id", out var id) && full.GetValueOrDefault(id.GetString() ?? "");
                    foreach (var identifier in Identifiers(patient))
                    {
                        identifiers[identifier] = identifiers.GetValueOrDefault(identifier) || f;
                    }
                }, ct);
            }
        }

        foreach (var source in sources)
        {
            try
            {
                foreach (var chunk in identifiers.Keys.Chunk(IdentifierChunk))
                {
                    var query = string.Join(',', chunk.Select(Uri.EscapeDataString));
                    await SearchAsync(source, $"Patient?identifier={query}&_count=1000", patient =>
                    {
                        var id = patient.TryGetProperty("id", out var i) ? i.GetString() : null;
                        if (id is not null)
                        {
                            var f = Identifiers(patient).Any(x => identifiers.GetValueOrDefault(x));
                            result[source.Id][id] = result[source.Id].GetValueOrDefault(id) || f;
                        }
                    }, ct);
                }
            }
            catch (SourceFailedException ex)
            {
                result.Remove(source.Id);
                errors.Add(ExportErrors.ForSource(job.Id, ex));
            }
        }

        return result;
    }

    private async Task SearchAsync(GatewaySource source, string relative, Action<JsonElement> onMatch, CancellationToken ct)
    {
        string? next = relative;
        while (next is not null)
        {
            using var page = await upstream.GetAsync(source, next, ct) ?? throw new SourceFailedException(source.Id, "the Patient search was not found");
            if (page.RootElement.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array)
            {
                foreach (var entry in entries.EnumerateArray())
                {
                    if (entry.TryGetProperty("resource", out var resource) && resource.TryGetProperty("resourceType", out var t) && t.GetString() == "Patient")
                    {
                        onMatch(resource);
                    }
                }
            }

            next = ExportPages.NextLink(page.RootElement) is { } link ? UpstreamClient.Relative(source, link) : null;
        }
    }

    /// <summary><c>system|value</c> of the identifiers that link people across programs: MBI and state Medicaid IDs.</summary>
    private static IEnumerable<string> Identifiers(JsonElement patient)
    {
        if (!patient.TryGetProperty("identifier", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var identifier in list.EnumerateArray())
        {
            var system = identifier.TryGetProperty("system", out var s) ? s.GetString() : null;
            var value = identifier.TryGetProperty("value", out var v) ? v.GetString() : null;
            if (value is not null && (system == LeadCanonicals.MbiSystem || system?.StartsWith(LeadCanonicals.MedicaidIdSystemPrefix, StringComparison.Ordinal) == true))
            {
                yield return $"{system}|{value}";
            }
        }
    }

    /// <summary>
    /// A POSTed patient reference: the gateway URL of a source's Patient, or <c>Patient/x</c> in the export's own
    /// source (a source base) or the source the unified base routes Patient to.
    /// </summary>
    private (string Source, string Id)? Locate(ExportJobRow job, string reference, IReadOnlyList<GatewaySource> sources)
    {
        var id = GroupLocator.PatientId(reference);
        if (id is null)
        {
            return null;
        }

        var marker = job.BaseUrl + "/fhir/";
        if (reference.StartsWith(marker, StringComparison.Ordinal))
        {
            var sourceId = reference[marker.Length..].Split('/')[0];
            return sources.Any(s => s.Id == sourceId) ? (sourceId, id) : null;
        }

        var home = sources.Count == 1 ? sources[0].Id : unified.ByType.GetValueOrDefault("Patient") ?? (sources.Count > 0 ? sources[0].Id : null);
        return home is null ? null : (home, id);
    }
}
