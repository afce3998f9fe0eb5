using System.Net.Http.Headers;
using System.Text.Json;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Reads a version of one resource from a (non-sandbox) source with the gateway's own credentials, within the source's
/// timeout: the version before an update (to tell a start or end from a repeat) and the result of a PATCH.
/// </summary>
internal sealed class UpstreamVersions(UpstreamCredentials credentials, IHttpClientFactory clients)
{
    public const string HttpClientName = "subscriptions-upstream-read";

    /// <summary>The resource (<c>{type}/{id}</c>, or <c>/_history/{version}</c>) and its version; Status 502 when it could not be read.</summary>
    public async Task<(int Status, string? Json, string? Version)> ReadAsync(GatewaySource source, string type, string id, string? version, CancellationToken ct)
    {
        if (source.Upstream is null)
        {
            return (502, null, null);
        }

        var path = $"{type}/{Uri.EscapeDataString(id)}" + (version is null ? "" : $"/_history/{Uri.EscapeDataString(version)}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(source.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream, path));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            request.Headers.Authorization = await credentials.GetAsync(source, timeout.Token);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return ((int)response.StatusCode, null, null);
            }

            var json = await response.Content.ReadAsStringAsync(timeout.Token);
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("resourceType", out var t) || t.GetString() != type)
            {
                return (502, null, null);
            }

            var read = document.RootElement.TryGetProperty("meta", out var meta) && meta.TryGetProperty("versionId", out var v) ? v.GetString() : null;
            return (200, json, read ?? response.Headers.ETag?.Tag.Trim('"') ?? version);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return (502, null, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or UpstreamAuthenticationException)
        {
            return (502, null, null);
        }
    }
}
