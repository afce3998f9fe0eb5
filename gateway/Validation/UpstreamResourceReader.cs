using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Validation;

/// <summary>
/// Reads the current version of one resource from a source, with the gateway's own credentials for it (never the
/// caller's token) and within the source's timeout, so a PATCH can be validated on what it will change.
/// </summary>
internal sealed class UpstreamResourceReader(IHttpClientFactory clients, UpstreamCredentials credentials)
{
    public const string HttpClientName = "lead-validation";

    /// <summary>The source's status, with the resource and its version when it answered 200; status 502 when it could not be read.</summary>
    public async Task<UpstreamResource> ReadAsync(GatewaySource source, string type, string id, string? requestId, CancellationToken ct)
    {
        if (source.Upstream is null)
        {
            return UpstreamResource.Unreadable;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(source.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream, $"{type}/{Uri.EscapeDataString(id)}"));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            if (requestId is not null)
            {
                request.Headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, requestId);
            }

            request.Headers.Authorization = await credentials.GetAsync(source, timeout.Token);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new UpstreamResource((int)response.StatusCode, null, null);
            }

            await using var body = await response.Content.ReadAsStreamAsync(timeout.Token);
            if (await JsonNode.ParseAsync(body, cancellationToken: timeout.Token) is not JsonObject resource)
            {
                return UpstreamResource.Unreadable;
            }

            var version = response.Headers.ETag?.Tag.Trim('"') ?? (string?)resource["meta"]?["versionId"];
            return new UpstreamResource(200, resource, version);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return UpstreamResource.Unreadable;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or UpstreamAuthenticationException)
        {
            return UpstreamResource.Unreadable;
        }
    }
}

/// <summary>What a source answered to a read: its status, and the resource (JSON) and version id on 200.</summary>
internal sealed record UpstreamResource(int Status, JsonObject? Resource, string? VersionId)
{
    public static readonly UpstreamResource Unreadable = new(502, null, null);
}
