using System.Globalization;
using System.Text.Json;
using Lead.Gateway.BulkExport.Protocol;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Turns a queued job into its searches: per source, per type (and per <c>_typeFilter</c>, and per chunk of patients
/// for Group and patient-list exports), each written to its own file. A source that cannot even be planned becomes an
/// error line; the others go ahead. A source configured with <c>Export:Mode=delegate</c> becomes one
/// <see cref="ExportDelegationRow"/> (its own <c>$export</c>) where that can give the same answer (see <see cref="Delegation"/>).
/// </summary>
internal sealed class ExportPlanner(SourceTypes sourceTypes, PeopleResolver people, SourceRegistry registry, IOptions<BulkExportOptions> options)
{
    private const int PatientChunk = 100;

    public async Task<(List<ExportTaskRow> Tasks, List<ExportErrorRow> Errors, List<ExportDelegationRow> Delegations)> PlanAsync(ExportJobRow job, CancellationToken ct)
    {
        var tasks = new List<ExportTaskRow>();
        var errors = new List<ExportErrorRow>();
        var delegations = new List<ExportDelegationRow>();
        var sources = job.Sources.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(registry.Find).OfType<GatewaySource>().ToList();
        if (sources.Any(s => s.Upstream is null))
        {
            throw new SourceNotReadyException();
        }

        var wanted = job.Types.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var filters = (JsonSerializer.Deserialize<List<string>>(job.TypeFilters) ?? [])
            .GroupBy(f => f.Split('?')[0]).ToDictionary(g => g.Key, g => g.Select(f => f[(f.IndexOf('?', StringComparison.Ordinal) + 1)..]).ToList(), StringComparer.Ordinal);
        var patientReferences = JsonSerializer.Deserialize<List<string>>(job.Patients) ?? [];
        var byPeople = job.Level == ExportLevel.Group || patientReferences.Count > 0
            ? await people.ResolveAsync(job, sources, patientReferences, errors, ct)
            : null;

        foreach (var source in sources)
        {
            if (byPeople is not null && !byPeople.ContainsKey(source.Id))
            {
                continue;
            }

            IReadOnlyList<string> types;
            try
            {
                types = await sourceTypes.ReadAsync(source, ct);
            }
            catch (SourceFailedException ex)
            {
                errors.Add(ExportErrors.ForSource(job.Id, ex));
                continue;
            }

            if (source.Export.IsDelegated && byPeople is null)
            {
                var exported = types.Where(wanted.Contains).Distinct().Order(StringComparer.Ordinal)
                    .Where(type => job.Level == ExportLevel.System || PatientSearchParameters.For(type) is not null).ToList();
                if (Delegation(job, source, exported, filters) is { } kickOff)
                {
                    if (kickOff.Length > 0)
                    {
                        delegations.Add(new ExportDelegationRow { JobId = job.Id, SourceId = source.Id, KickOffUrl = kickOff });
                    }

                    continue;
                }
            }

            foreach (var type in types.Where(wanted.Contains).Distinct().Order(StringComparer.Ordinal))
            {
                var patientParameter = PatientSearchParameters.For(type);
                if (job.Level != ExportLevel.System && patientParameter is null)
                {
                    // Patient and Group level export only the patient compartment.
                    continue;
                }

                foreach (var filter in filters.GetValueOrDefault(type) ?? [""])
                {
                    var searches = byPeople is null
                        ? [Search(type, filter, job.Since, null)]
                        : ForPeople(type, filter, job.Since, patientParameter!, byPeople[source.Id]);
                    foreach (var search in searches)
                    {
                        tasks.Add(new ExportTaskRow
                        {
                            JobId = job.Id,
                            SourceId = source.Id,
                            Type = type,
                            FileName = $"{source.Id}.{type}.{tasks.Count + 1:D4}.ndjson",
                            InitialUrl = search,
                        });
                    }
                }
            }
        }

        return (tasks, errors, delegations);
    }

    /// <summary>
    /// The kick-off of the source's own export, relative to its base; null when only searches can give the job's answer:
    /// the job has <c>_typeFilter</c>s (its own or a constrained scope's) and the source does not list <c>_typeFilter</c> in
    /// <c>Export:Parameters</c>. Group and patient-list exports never get here: the source does not know the gateway's
    /// Group, and the roster's members are matched across sources by the gateway, so they are searched per member.
    /// No types at all: empty, so nothing is planned for the source.
    /// </summary>
    private static string? Delegation(ExportJobRow job, GatewaySource source, List<string> types, Dictionary<string, List<string>> filters)
    {
        var honoured = source.Export.Parameters;
        var typeFilters = types.SelectMany(type => (filters.GetValueOrDefault(type) ?? []).Select(query => $"{type}?{query}")).ToList();
        if (typeFilters.Count > 0 && !honoured.Contains("_typeFilter"))
        {
            return null;
        }

        if (types.Count == 0)
        {
            return "";
        }

        var parts = new List<string> { "_outputFormat=" + Uri.EscapeDataString("application/fhir+ndjson"), "_type=" + string.Join(',', types) };
        if (job.Since is not null)
        {
            parts.Add("_since=" + Uri.EscapeDataString(job.Since));
        }

        // One parameter per filter (Bulk Data 2.0 allows repeating it): no comma inside a filter can split it.
        parts.AddRange(typeFilters.Select(filter => "_typeFilter=" + Uri.EscapeDataString(filter)));

        if (!string.IsNullOrEmpty(job.Elements) && honoured.Contains("_elements"))
        {
            parts.Add("_elements=" + string.Join(',', job.Elements.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Uri.EscapeDataString)));
        }

        return (job.Level == ExportLevel.Patient ? "Patient/$export?" : "$export?") + string.Join('&', parts);
    }

    private IEnumerable<string> ForPeople(string type, string filter, string? since, string parameter, Dictionary<string, bool> patients)
    {
        // Members who joined after _since get their whole history: no _lastUpdated for them.
        foreach (var full in new[] { true, false })
        {
            var ids = patients.Where(p => p.Value == full).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
            foreach (var chunk in ids.Chunk(PatientChunk))
            {
                var value = parameter == "_id" ? string.Join(',', chunk) : string.Join(',', chunk.Select(id => "Patient/" + id));
                yield return Search(type, filter, full ? null : since, $"{parameter}={Uri.EscapeDataString(value).Replace("%2C", ",", StringComparison.Ordinal)}");
            }
        }
    }

    private string Search(string type, string filter, string? since, string? people)
    {
        var parts = new List<string> { "_count=" + options.Value.PageSize.ToString(CultureInfo.InvariantCulture) };
        if (since is not null)
        {
            parts.Add("_lastUpdated=gt" + Uri.EscapeDataString(since));
        }

        if (people is not null)
        {
            parts.Add(people);
        }

        if (filter.Length > 0)
        {
            parts.Add(filter);
        }

        return type + "?" + string.Join('&', parts);
    }
}

/// <summary>A source has not come up yet (the sandbox still seeding): the job waits rather than failing it.</summary>
internal sealed class SourceNotReadyException() : Exception("A source of the export is not available yet.");
