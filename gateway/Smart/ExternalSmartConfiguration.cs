using System.Text.Json.Nodes;
using Lead.Auth;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Smart;

/// <summary>
/// With <c>Auth:Authority</c> set, the SMART discovery document the gateway serves under its FHIR bases is the
/// authority's own (<c>{Authority}/.well-known/smart-configuration</c>), fetched and kept for a few minutes, so clients
/// are sent to the server that really issues tokens.
/// </summary>
internal sealed class ExternalSmartConfiguration(IHttpClientFactory httpClientFactory, IOptions<SmartAuthOptions> options, TimeProvider time) : IDisposable
{
    public const string HttpClientName = "smart-authority";
    private static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(5);
    private readonly SemaphoreSlim gate = new(1, 1);
    private (DateTimeOffset At, JsonObject Document)? cached;

    public async Task<JsonObject> GetAsync(CancellationToken cancellationToken)
    {
        if (cached is { } hit && time.GetUtcNow() - hit.At < KeepFor)
        {
            return hit.Document;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            var url = options.Value.Authority!.TrimEnd('/') + "/.well-known/smart-configuration";
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var text = await httpClientFactory.CreateClient(HttpClientName).GetStringAsync(new Uri(url), timeout.Token);
            var document = JsonNode.Parse(text) as JsonObject ?? throw new InvalidOperationException("The authority's SMART configuration is not a JSON object.");
            cached = (time.GetUtcNow(), document);
            return document;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();
}
