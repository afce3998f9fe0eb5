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
            var matches = Matches<Patient>(bundle.Entry).ToList();
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
        var coverages = CoveragesAsync(source, $"Coverage?beneficiary={reference}&_include=Coverage:payor&_count=100", requestId, ct);
        // Only what the attribution fact reads (id and meta always come); a source that ignores _elements sends whole
        // Groups, which the roster reader reads past all the same.
        var groups = source.Kind is SourceKinds.Aco or SourceKinds.Cms
            ? GroupsAsync(source, $"Group?member={reference}&_elements=name,active,member&_count=100", id, requestId, ct)
            : System.Threading.Tasks.Task.FromResult<IReadOnlyList<Group>>([]);
        var (coverageEntries, groupList) = (await coverages, await groups);
        return new SourceFindings(source, SourceState.Found)
        {
            Patient = patient,
            Coverages = [.. Matches<Coverage>(coverageEntries)],
            Groups = groupList,
            OrganizationNames = coverageEntries.Where(e => e.Resource is Organization { Name: not null })
                .SelectMany(e => Keys(e, (Organization)e.Resource!))
                .DistinctBy(k => k.Key)
                .ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal),
        };
    }

    /// <summary>Every page's entries of the Coverage search (with the included payors).</summary>
    private async Task<List<Bundle.EntryComponent>> CoveragesAsync(GatewaySource source, string relative, string requestId, CancellationToken ct)
    {
        var entries = new List<Bundle.EntryComponent>();
        var pages = new SearchPages(source, "Coverage", relative);
        while (pages.Next() is { } url)
        {
            var bundle = await SearchAsync(source, url, requestId, ct);
            entries.AddRange(bundle.Entry);
            pages.Followed(bundle.Link.FirstOrDefault(l => l.Relation == "next")?.Url);
        }

        return entries;
    }

    /// <summary>Every page of the roster search, streamed: each Group with only the members that are this patient.</summary>
    private async Task<IReadOnlyList<Group>> GroupsAsync(GatewaySource source, string relative, string patientId, string requestId, CancellationToken ct)
    {
        var groups = new List<Group>();
        var pages = new SearchPages(source, "Group", relative);
        while (pages.Next() is { } url)
        {
            using var response = await SendAsync(source, url, "Group", requestId, HttpCompletionOption.ResponseHeadersRead, ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var (page, next) = await RosterPageReader.ReadAsync(body, patientId, ct);
            groups.AddRange(page);
            pages.Followed(next);
        }

        return groups;
    }

    private async Task<Bundle> SearchAsync(GatewaySource source, string url, string requestId, CancellationToken ct)
    {
        var type = new Uri(source.Upstream!, url).AbsolutePath.Split('/')[^1];
        using var response = await SendAsync(source, url, type, requestId, HttpCompletionOption.ResponseContentRead, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return Deserializer.DeserializeResource(text) as Bundle
                ?? throw new SourceAnswerException($"the source answered a {type} search with something other than a Bundle");
        }
        catch (Exception ex) when (ex is DeserializationFailedException or System.Text.Json.JsonException)
        {
            throw new SourceAnswerException($"the source's answer to a {type} search is not FHIR JSON");
        }
    }

    /// <param name="url">Relative to the source's base, or an absolute next link already checked to be on the source.</param>
    private async Task<HttpResponseMessage> SendAsync(
        GatewaySource source, string url, string type, string requestId, HttpCompletionOption completion, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream!, url));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        request.Headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, requestId);
        request.Headers.Authorization = await credentials.GetAsync(source, ct);
        var response = await clients.CreateClient(HttpClientName).SendAsync(request, completion, ct);
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            response.Dispose();
            throw new SourceAnswerException($"the source refused the gateway's credentials ({(int)response.StatusCode})");
        }

        if (!response.IsSuccessStatusCode)
        {
            response.Dispose();
            throw new SourceAnswerException($"the source answered {(int)response.StatusCode} to a {type} search");
        }

        return response;
    }

    private SourceFindings Failed(GatewaySource source, string reason)
    {
        // Source and reason only: the identifier is PHI.
        logger.LogWarning("Eligibility check: source {SourceId} unknown: {Reason}", source.Id, reason);
        return SourceFindings.Unknown(source, reason);
    }

    private static IEnumerable<T> Matches<T>(IEnumerable<Bundle.EntryComponent> entries) where T : Resource =>
        entries.Where(e => e.Search?.Mode is null or Bundle.SearchEntryMode.Match).Select(e => e.Resource).OfType<T>();

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
