using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lead.Gateway.Sources;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// The Bulk Data client side of a delegated source: kick-off, status, file download and DELETE against the source's own
/// <c>$export</c>, with the gateway's credentials for that source and its timeout. Credentials go only to URLs under the
/// source's base; failures become <see cref="SourceFailedException"/> naming no upstream text and no query values.
/// </summary>
internal sealed class DelegateClient(IHttpClientFactory clients, UpstreamCredentials credentials, TimeProvider time)
{
    /// <summary>A status poll's answer: still running (with the wait asked for) or the manifest.</summary>
    public sealed record Status(TimeSpan? RetryAfter, JsonDocument? Manifest);

    /// <returns>The status URL from <c>Content-Location</c>, relative to the source's base when under it.</returns>
    public async Task<string> KickOffAsync(GatewaySource source, string kickOff, CancellationToken ct)
    {
        using var response = await SendAsync(source, HttpMethod.Get, kickOff, withCredentials: true, ct, respondAsync: true);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw Refused(source, response, "its $export kick-off");
        }

        var location = response.Content.Headers.ContentLocation ?? response.Headers.Location;
        if (location is null || !location.IsAbsoluteUri)
        {
            throw new SourceFailedException(source.Id, "its $export kick-off gave no absolute Content-Location");
        }

        // The gateway's credentials go to the status URL: it must be the source's own.
        return UpstreamClient.Relative(source, location.AbsoluteUri)
            ?? throw new SourceFailedException(source.Id, "its $export status URL points outside the source");
    }

    public async Task<Status> PollAsync(GatewaySource source, string statusUrl, CancellationToken ct)
    {
        using var response = await SendAsync(source, HttpMethod.Get, statusUrl, withCredentials: true, ct);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Accepted:
                return new Status(RetryAfter(response), null);
            case HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable when response.Headers.RetryAfter is not null:
                // Asked to slow down, not failed: the spec's rate limiting of status requests.
                return new Status(RetryAfter(response), null);
            case HttpStatusCode.OK:
                try
                {
                    await using var body = await response.Content.ReadAsStreamAsync(ct);
                    return new Status(null, await JsonDocument.ParseAsync(body, cancellationToken: ct));
                }
                catch (JsonException)
                {
                    throw new SourceFailedException(source.Id, "its $export manifest is not JSON");
                }

            case HttpStatusCode.NotFound or HttpStatusCode.Gone:
                throw new SourceFailedException(source.Id, "its $export job is no longer available (the source answered " + (int)response.StatusCode + ")");
            default:
                throw Refused(source, response, "its $export status request");
        }
    }

    /// <summary>An output or error file, response headers read; the caller streams the body.</summary>
    public async Task<HttpResponseMessage> OpenFileAsync(GatewaySource source, string url, bool requiresAccessToken, CancellationToken ct)
    {
        var response = await SendAsync(source, HttpMethod.Get, url, withCredentials: requiresAccessToken, ct, accept: "application/fhir+ndjson");
        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw Refused(source, response, "a download of one of its $export files");
            }
        }

        return response;
    }

    /// <summary>Best effort: the source may free the job's files (after download, on cancel or timeout). Never throws.</summary>
    public async Task DeleteAsync(GatewaySource source, string statusUrl, CancellationToken ct)
    {
        try
        {
            using var response = await SendAsync(source, HttpMethod.Delete, statusUrl, withCredentials: true, ct);
        }
        catch (SourceFailedException)
        {
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>A file URL from the source's manifest: relative to the source's base when under it, else absolute (never with credentials).</summary>
    public static string? FileUrl(GatewaySource source, string url, bool requiresAccessToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        var relative = UpstreamClient.Relative(source, uri.AbsoluteUri);
        // Files needing the token must be the source's own; pre-signed URLs elsewhere (object storage) are fetched without it.
        return relative ?? (requiresAccessToken ? null : uri.AbsoluteUri);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - time.GetUtcNow(),
        _ => null,
    };

    private async Task<HttpResponseMessage> SendAsync(GatewaySource source, HttpMethod method, string url, bool withCredentials, CancellationToken ct,
        string accept = "application/fhir+json", bool respondAsync = false)
    {
        if (source.Upstream is null)
        {
            throw new SourceFailedException(source.Id, "the source is not available yet");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(source.Timeout);
        try
        {
            var absolute = Uri.TryCreate(url, UriKind.Absolute, out var full) && full.Scheme is "http" or "https" ? full : new Uri(source.Upstream, url);
            using var request = new HttpRequestMessage(method, absolute);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            if (respondAsync)
            {
                request.Headers.Add("Prefer", "respond-async");
            }

            if (withCredentials && UpstreamClient.Relative(source, absolute.AbsoluteUri) is not null)
            {
                request.Headers.Authorization = await credentials.GetAsync(source, timeout.Token);
            }

            // Headers within the source's timeout; a body is streamed by the caller under its own idle timeout.
            return await clients.CreateClient(UpstreamClient.HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new SourceFailedException(source.Id, $"the source did not answer within its timeout ({source.Timeout.TotalSeconds:0.###} s)", timedOut: true);
        }
        catch (HttpRequestException)
        {
            throw new SourceFailedException(source.Id, "the source could not be reached");
        }
        catch (UpstreamAuthenticationException)
        {
            throw new SourceFailedException(source.Id, "the gateway could not authenticate to the source");
        }
    }

    /// <summary>The status only: an upstream's error text never reaches the client.</summary>
    private static SourceFailedException Refused(GatewaySource source, HttpResponseMessage response, string what) =>
        new(source.Id, $"the source answered {(int)response.StatusCode} to {what}");
}
