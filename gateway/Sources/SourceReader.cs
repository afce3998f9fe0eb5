using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Lead.Gateway.Hosting;

namespace Lead.Gateway.Sources;

/// <summary>
/// Reads FHIR JSON from a source directly, with the gateway's own credentials for it (never the caller's token), each
/// request within the source's timeout; any failure is a <see cref="SourceReadException"/> (with the status when the
/// source answered one). Search pages are followed only while the next link stays on that source.
/// </summary>
internal sealed class SourceReader(IHttpClientFactory clients, UpstreamCredentials credentials)
{
    public const string HttpClientName = "lead-source-reader";

    /// <summary>A runaway upstream (a next link that never ends) stops here.</summary>
    private const int MaxPages = 1000;

    public async Task<JsonDocument> GetAsync(GatewaySource source, string relativeOrAbsolute, string? requestId, CancellationToken ct) =>
        (await ReadAsync(source, relativeOrAbsolute, requestId, ct)).Body;

    /// <summary>As <see cref="GetAsync"/>, with the answer's ETag (unquoted), for version reads.</summary>
    public async Task<(JsonDocument Body, string? ETag)> ReadAsync(GatewaySource source, string relativeOrAbsolute, string? requestId, CancellationToken ct)
    {
        if (source.Upstream is null)
        {
            throw new SourceReadException(source.Id, "the source is not available yet");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(source.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream, relativeOrAbsolute));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            if (requestId is not null)
            {
                request.Headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, requestId);
            }

            request.Headers.Authorization = await credentials.GetAsync(source, timeout.Token);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new SourceReadException(source.Id, $"the source answered {(int)response.StatusCode}", (int)response.StatusCode);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return (await JsonDocument.ParseAsync(body, cancellationToken: timeout.Token), response.Headers.ETag?.Tag.Trim('"'));
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            throw new SourceReadException(source.Id, $"no answer within its timeout ({source.Timeout.TotalSeconds:0.###} s)", inner: ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or UpstreamAuthenticationException)
        {
            throw new SourceReadException(source.Id, ex is JsonException ? "the answer is not JSON" : "the source could not be reached", inner: ex);
        }
    }

    /// <summary>
    /// The matched resources of every page of a search (clones: they outlive their page). When the reading stops before
    /// the source's last page (the page cap, a next link to another host, a next link already followed), the reason is
    /// left in <paramref name="completeness"/>: what was read is not the whole result.
    /// </summary>
    public async IAsyncEnumerable<JsonElement> SearchAsync(
        GatewaySource source, string relative, string? requestId, [EnumeratorCancellation] CancellationToken ct, SearchCompleteness? completeness = null)
    {
        var next = relative;
        // A next link already followed would loop (a server that ignores _offset): stop there.
        var visited = new HashSet<string>(StringComparer.Ordinal);
        for (var page = 0; next is not null; page++)
        {
            if (page >= MaxPages || !visited.Add(next))
            {
                completeness?.Truncate(page >= MaxPages ? $"stopped after {MaxPages} pages" : "the source repeated a next link");
                yield break;
            }

            using var bundle = await GetAsync(source, next, requestId, ct);
            var root = bundle.RootElement;
            if (!root.TryGetProperty("resourceType", out var type) || type.GetString() != "Bundle")
            {
                throw new SourceReadException(source.Id, "a search was answered with something other than a Bundle");
            }

            foreach (var entry in Array(root, "entry"))
            {
                var mode = entry.TryGetProperty("search", out var s) && s.TryGetProperty("mode", out var m) ? m.GetString() : null;
                if (mode is null or "match" && entry.TryGetProperty("resource", out var resource))
                {
                    yield return resource.Clone();
                }
            }

            next = NextLink(source, root, completeness);
        }
    }

    private static string? NextLink(GatewaySource source, JsonElement bundle, SearchCompleteness? completeness)
    {
        var url = Array(bundle, "link")
            .Where(l => l.TryGetProperty("relation", out var r) && r.GetString() == "next")
            .Select(l => l.TryGetProperty("url", out var u) ? u.GetString() : null)
            .FirstOrDefault();
        if (url is null || !Uri.TryCreate(source.Upstream!, url, out var absolute))
        {
            return null;
        }

        // The gateway's credentials for this source must never travel to another host.
        if (source.UpstreamPrefixes.Any(p => absolute.AbsoluteUri.StartsWith(p + "/", StringComparison.Ordinal)))
        {
            return absolute.AbsoluteUri;
        }

        completeness?.Truncate("a next link points outside the source's configured base URLs (Sources:{id}:ResponseBaseUrls)");
        return null;
    }

    private static IEnumerable<JsonElement> Array(JsonElement element, string property)
    {
        if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in array.EnumerateArray())
            {
                yield return item;
            }
        }
    }
}

/// <summary>Whether a search was read to its last page; set by <see cref="SourceReader.SearchAsync"/>.</summary>
internal sealed class SearchCompleteness
{
    /// <summary>Why the reading stopped early; null when every page was read.</summary>
    public string? TruncatedBecause { get; private set; }

    public void Truncate(string reason) => TruncatedBecause ??= reason;
}
