using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lead.Gateway.Sources;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// FHIR GETs straight to a source's upstream with the gateway's own credentials and the source's timeout. Failures
/// become <see cref="SourceFailedException"/>; a transient one is tried once more first.
/// </summary>
internal sealed class UpstreamClient(IHttpClientFactory clients, UpstreamCredentials credentials)
{
    public const string HttpClientName = "lead-bulk-export";

    /// <summary>The JSON body, or null for 404/410 (a Group or Patient the source does not hold).</summary>
    public Task<JsonDocument?> GetAsync(GatewaySource source, string relative, CancellationToken ct) =>
        ReadAsync(source, relative, async (body, token) => await JsonDocument.ParseAsync(body, cancellationToken: token), ct);

    /// <summary>
    /// The body, streamed to <paramref name="read"/> within the source's timeout; null for 404/410. A transient failure
    /// calls <paramref name="read"/> again on a fresh response, so it must start over each time.
    /// </summary>
    public async Task<T?> ReadAsync<T>(GatewaySource source, string relative, Func<Stream, CancellationToken, Task<T>> read, CancellationToken ct)
        where T : class
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SendAsync(source, relative, read, ct);
            }
            catch (SourceFailedException ex) when (!ex.SearchOnly && attempt < 2 && !ct.IsCancellationRequested)
            {
                await System.Threading.Tasks.Task.Delay(TimeSpan.FromMilliseconds(500), ct);
            }
        }
    }

    /// <summary>An upstream <c>next</c> link relative to the source's base; null when it points anywhere else (never followed).</summary>
    public static string? Relative(GatewaySource source, string url)
    {
        foreach (var prefix in source.UpstreamPrefixes)
        {
            if (url.StartsWith(prefix + "/", StringComparison.Ordinal))
            {
                return url[(prefix.Length + 1)..];
            }
        }

        return null;
    }

    private async Task<T?> SendAsync<T>(GatewaySource source, string relative, Func<Stream, CancellationToken, Task<T>> read, CancellationToken ct)
        where T : class
    {
        if (source.Upstream is null)
        {
            throw new SourceFailedException(source.Id, "the source is not available yet");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(source.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream, relative));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            request.Headers.Authorization = await credentials.GetAsync(source, timeout.Token);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                var status = (int)response.StatusCode;
                throw new SourceFailedException(source.Id, $"the source answered {status} to a {Path(relative)} request")
                {
                    // Its credentials refused or rate-limited, it is down for this export; any other 4xx refuses one search.
                    SearchOnly = status is >= 400 and < 500 and not 401 and not 403 and not 429,
                };
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            return await read(body, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SourceFailedException(source.Id, $"the source did not answer within its timeout ({source.Timeout.TotalSeconds:0.###} s)", timedOut: true);
        }
        catch (HttpRequestException)
        {
            throw new SourceFailedException(source.Id, "the source could not be reached");
        }
        catch (IOException)
        {
            // The connection broke while the body was being read (pages are streamed, not buffered first).
            throw new SourceFailedException(source.Id, "the connection to the source broke during a response");
        }
        catch (JsonException)
        {
            throw new SourceFailedException(source.Id, $"the source's answer to a {Path(relative)} request is not JSON");
        }
        catch (UpstreamAuthenticationException)
        {
            throw new SourceFailedException(source.Id, "the gateway could not authenticate to the source");
        }
    }

    /// <summary>The resource type part only: query values may be identifiers (PHI).</summary>
    private static string Path(string relative) => relative.Split('?')[0];
}
