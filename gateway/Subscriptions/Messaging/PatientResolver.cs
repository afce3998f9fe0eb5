using System.Text.Json;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Subscriptions.Messaging;

/// <summary>
/// The patient's logical ids in every source, found by the identifiers the message carries (MBI, Medicaid ID, HIE MPI
/// id): an ACO subscribed to <c>patient=Patient/{its id}</c> hears of an admission the HIE reports under its own id.
/// Sources are asked with the gateway's own credentials; a source that does not answer is skipped, not fatal.
/// </summary>
internal sealed class PatientResolver(SourceRegistry registry, UpstreamCredentials credentials, IHttpClientFactory clients, ILogger<PatientResolver> logger)
{
    public const string HttpClientName = "subscriptions-patient-lookup";

    public async Task<IReadOnlySet<string>> ResolveAsync(AdtMessage message, CancellationToken ct)
    {
        var references = new HashSet<string>(StringComparer.Ordinal);
        if (message.PatientReference is { } direct)
        {
            references.Add(direct);
        }

        if (message.PatientIdentifiers.Count == 0)
        {
            return references;
        }

        var identifier = string.Join(',', message.PatientIdentifiers.Select(i => $"{i.System}|{i.Value}"));
        var lookups = registry.All.Where(s => s.Upstream is not null).Select(source => LookUpAsync(source, identifier, ct));
        foreach (var ids in await Task.WhenAll(lookups))
        {
            references.UnionWith(ids.Select(id => "Patient/" + id));
        }

        return references;
    }

    private async Task<IReadOnlyList<string>> LookUpAsync(GatewaySource source, string identifier, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(source.Timeout);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream!, "Patient?identifier=" + Uri.EscapeDataString(identifier) + "&_elements=id&_count=50"));
            request.Headers.Accept.ParseAdd("application/fhir+json");
            request.Headers.Authorization = await credentials.GetAsync(source, timeout.Token);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return [];
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            return json.RootElement.TryGetProperty("entry", out var entries)
                ? [.. entries.EnumerateArray().Select(e => e.TryGetProperty("resource", out var r) && r.TryGetProperty("id", out var id) ? id.GetString() : null).OfType<string>()]
                : [];
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or JsonException or UpstreamAuthenticationException)
        {
            logger.LogWarning("Patient lookup in source {Source} failed: {Error}", source.Id, ex.GetType().Name);
            return [];
        }
    }
}
