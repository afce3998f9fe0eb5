using System.Net;
using System.Net.Http.Headers;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// Asks one source, directly and with the gateway's own credentials, what it holds of a person: the Patient by
/// identifier, then their Coverage and (Medicare side) the rosters listing them. Every failure becomes an
/// <see cref="SourceState.Unknown"/> with a reason a caller can act on; none is swallowed into "not found".
/// </summary>
internal sealed class SourceProbe(IHttpClientFactory clients, UpstreamCredentials credentials, ILogger<SourceProbe> logger)
{
    public const string HttpClientName = "lead-eligibility";

    // Real upstreams add elements and extensions of their own; the check reads a few known elements and must not fail on the rest.
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.Ostrich));

    public async Task<SourceFindings> ProbeAsync(GatewaySource source, IReadOnlyList<Identifier> identifiers, string requestId, CancellationToken ct)
    {
        if (source.Upstream is null)
        {
            return SourceFindings.Unknown(source, "the source is not available yet");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(source.Timeout);
        try
        {
            return await FindAsync(source, identifiers, requestId, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(source, $"the source did not answer within its timeout ({source.Timeout.TotalSeconds:0.###} s)");
        }
        catch (HttpRequestException)
        {
            return Failed(source, "the source could not be reached");
        }
        catch (UpstreamAuthenticationException)
        {
            return Failed(source, "the gateway could not authenticate to the source");
        }
        catch (SourceAnswerException ex)
        {
            return Failed(source, ex.Message);
        }
    }

    private async Task<SourceFindings> FindAsync(GatewaySource source, IReadOnlyList<Identifier> identifiers, string requestId, CancellationToken ct)
    {
        Patient? patient = null;
        foreach (var identifier in identifiers)
        {
            var bundle = await SearchAsync(source, $"Patient?identifier={Uri.EscapeDataString($"{identifier.System}|{identifier.Value}")}", requestId, ct);
            var matches = Matches<Patient>(bundle).ToList();
            if (matches.Count > 1)
            {
                return SourceFindings.Unknown(source, $"{matches.Count} patients match the identifier; the gateway does not guess between them");
            }

            if (matches.Count == 1)
            {
                patient = matches[0];
                break;
            }
        }

        if (patient?.Id is not { } id)
        {
            return new SourceFindings(source, SourceState.NotFound);
        }

        var reference = Uri.EscapeDataString($"Patient/{id}");
        var coverages = SearchAsync(source, $"Coverage?beneficiary={reference}&_include=Coverage:payor&_count=100", requestId, ct);
        var groups = source.Kind is SourceKinds.Aco or SourceKinds.Cms
            ? SearchAsync(source, $"Group?member={reference}&_count=100", requestId, ct)
            : System.Threading.Tasks.Task.FromResult(new Bundle());
        var (coverageBundle, groupBundle) = (await coverages, await groups);
        return new SourceFindings(source, SourceState.Found)
        {
            Patient = patient,
            Coverages = [.. Matches<Coverage>(coverageBundle)],
            Groups = [.. Matches<Group>(groupBundle)],
            OrganizationNames = coverageBundle.Entry.Where(e => e.Resource is Organization { Name: not null })
                .SelectMany(e => Keys(e, (Organization)e.Resource!))
                .DistinctBy(k => k.Key)
                .ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal),
        };
    }

    private async Task<Bundle> SearchAsync(GatewaySource source, string relative, string requestId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream!, relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        request.Headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, requestId);
        request.Headers.Authorization = await credentials.GetAsync(source, ct);
        using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseContentRead, ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            throw new SourceAnswerException($"the source refused the gateway's credentials ({(int)response.StatusCode})");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new SourceAnswerException($"the source answered {(int)response.StatusCode} to a {relative.Split('?')[0]} search");
        }

        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return Deserializer.DeserializeResource(text) as Bundle
                ?? throw new SourceAnswerException($"the source answered a {relative.Split('?')[0]} search with something other than a Bundle");
        }
        catch (Exception ex) when (ex is DeserializationFailedException or System.Text.Json.JsonException)
        {
            throw new SourceAnswerException($"the source's answer to a {relative.Split('?')[0]} search is not FHIR JSON");
        }
    }

    private SourceFindings Failed(GatewaySource source, string reason)
    {
        // Source and reason only: the identifier is PHI.
        logger.LogWarning("Eligibility check: source {SourceId} unknown: {Reason}", source.Id, reason);
        return SourceFindings.Unknown(source, reason);
    }

    private static IEnumerable<T> Matches<T>(Bundle bundle) where T : Resource =>
        bundle.Entry.Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match).Select(e => e.Resource).OfType<T>();

    // Coverage.payor may say Organization/x or the absolute URL: both keys resolve the included Organization's name.
    private static IEnumerable<KeyValuePair<string, string>> Keys(Bundle.EntryComponent entry, Organization organization)
    {
        var name = organization.Name ?? "";
        yield return new($"Organization/{organization.Id}", name);
        if (entry.FullUrl is { } fullUrl)
        {
            yield return new(fullUrl, name);
        }
    }
}
