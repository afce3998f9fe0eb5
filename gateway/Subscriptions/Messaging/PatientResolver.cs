using System.Text.Json;
using Lead.Gateway.Sources;
using Lead.Gateway.Subscriptions.Events;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>
/// The patient's records in every source, as (source, id) keys (<see cref="PatientPlaces"/>), found by the identifiers
/// the message carries (MBI, Medicaid ID, HIE MPI id): an ACO subscribed to <c>patient=Patient/{its id}</c> hears of an
/// admission the HIE reports under its own id. An id found in one source is that source's only: Patient/17 of the HIE
/// is not Patient/17 of the ACO. The message's own ids count only where they are a source's URL. Sources are asked with
/// the gateway's own credentials; a source that does not answer is skipped, not fatal.
/// </summary>
internal sealed class PatientResolver(SourceRegistry registry, SourceReader reader, PatientPlaces places, ILogger<PatientResolver> logger)
{
    /// <param name="gatewayBase">The gateway's unified FHIR base as the sender sees it (for references that are gateway URLs).</param>
    public async Task<IReadOnlySet<string>> ResolveAsync(AdtMessage message, string gatewayBase, CancellationToken ct)
    {
        var references = new HashSet<string>(StringComparer.Ordinal);
        references.UnionWith(message.PatientReferences.Select(r => places.Place(r, null, gatewayBase)).OfType<string>());

        if (message.PatientIdentifiers.Count == 0)
        {
            return references;
        }

        var identifier = string.Join(',', message.PatientIdentifiers.Select(i => $"{i.System}|{i.Value}"));
        var sources = registry.All.Where(s => s.Upstream is not null).ToList();
        var found = await Task.WhenAll(sources.Select(source => LookUpAsync(source, identifier, ct)));
        for (var i = 0; i < sources.Count; i++)
        {
            references.UnionWith(found[i].Select(id => PatientPlaces.Key(sources[i].Id, id)));
        }

        return references;
    }

    private async Task<IReadOnlyList<string>> LookUpAsync(GatewaySource source, string identifier, CancellationToken ct)
    {
        try
        {
            using var json = await reader.GetAsync(source, "Patient?identifier=" + Uri.EscapeDataString(identifier) + "&_elements=id&_count=50", null, ct);
            return json.RootElement.TryGetProperty("entry", out var entries)
                ? [.. entries.EnumerateArray().Select(e => e.TryGetProperty("resource", out var r) && r.TryGetProperty("id", out var id) ? id.GetString() : null).OfType<string>()]
                : [];
        }
        catch (SourceReadException ex)
        {
            logger.LogWarning("Patient lookup in source {Source} failed: {Error}", source.Id, ex.InnerException?.GetType().Name ?? "status " + ex.Status);
            return [];
        }
    }
}
