using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lead.Gateway.Sources;

/// <summary>
/// The gateway's own credentials for each upstream: a static bearer token, or an OAuth client-credentials token
/// fetched and cached until shortly before it expires. The caller's token is never forwarded.
/// </summary>
internal sealed class UpstreamCredentials(IHttpClientFactory httpClientFactory, TimeProvider time, ILogger<UpstreamCredentials> logger) : IDisposable
{
    public const string HttpClientName = "upstream-token";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> cache = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim fetching = new(1, 1);

    /// <summary>The Authorization header value for the source, or null when it needs none.</summary>
    public async ValueTask<AuthenticationHeaderValue?> GetAsync(GatewaySource source, CancellationToken cancellationToken)
    {
        switch (source.Auth.Mode)
        {
            case "bearer":
                return new AuthenticationHeaderValue("Bearer", source.Auth.Token);
            case "client-credentials":
                return new AuthenticationHeaderValue("Bearer", await GetClientCredentialsTokenAsync(source, cancellationToken));
            default:
                return null;
        }
    }

    public void Dispose() => fetching.Dispose();

    private async Task<string> GetClientCredentialsTokenAsync(GatewaySource source, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(source.Id, out var cached) && cached.RenewAt > time.GetUtcNow())
        {
            return cached.Token;
        }

        await fetching.WaitAsync(cancellationToken);
        try
        {
            if (cache.TryGetValue(source.Id, out cached) && cached.RenewAt > time.GetUtcNow())
            {
                return cached.Token;
            }

            var client = httpClientFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Post, source.Auth.TokenEndpoint);
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{Uri.EscapeDataString(source.Auth.ClientId!)}:{Uri.EscapeDataString(source.Auth.ClientSecret!)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", basic);
            var form = new Dictionary<string, string> { ["grant_type"] = "client_credentials" };
            if (!string.IsNullOrWhiteSpace(source.Auth.Scope))
            {
                form["scope"] = source.Auth.Scope;
            }

            request.Content = new FormUrlEncodedContent(form);
            using var response = await client.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Token endpoint of source {SourceId} answered {Status}", source.Id, (int)response.StatusCode);
                throw new UpstreamAuthenticationException(source.Id, $"the token endpoint answered {(int)response.StatusCode}");
            }

            using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            var token = json.RootElement.TryGetProperty("access_token", out var t) ? t.GetString() : null;
            if (string.IsNullOrEmpty(token))
            {
                throw new UpstreamAuthenticationException(source.Id, "the token response carried no access_token");
            }

            var lifetime = json.RootElement.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var seconds) ? seconds : 300;
            // Renew a minute early (or at half-life for short tokens) so a request never leaves with a token about to expire.
            var margin = Math.Min(60, lifetime / 2);
            cache[source.Id] = (token, time.GetUtcNow().AddSeconds(lifetime - margin));
            return token;
        }
        finally
        {
            fetching.Release();
        }
    }
}

internal sealed class UpstreamAuthenticationException(string sourceId, string reason)
    : Exception($"The gateway could not authenticate to source '{sourceId}': {reason}.");
