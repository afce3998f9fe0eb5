using System.Diagnostics;
using Lead.Gateway.Sources;
using Lead.Gateway.Storage;

namespace Lead.Gateway.Health;

/// <summary>
/// Active checks behind <c>/readyz</c>: the store answers, and each source's <c>metadata</c> answers 2xx within a few
/// seconds with the gateway's own credentials. Results are cached briefly so probes cannot hammer upstreams.
/// </summary>
internal sealed class ReadinessProbe(
    SourceRegistry registry,
    GatewayStore store,
    UpstreamCredentials credentials,
    IHttpClientFactory httpClientFactory,
    TimeProvider time) : IDisposable
{
    public const string HttpClientName = "readiness";
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim gate = new(1, 1);
    private (DateTimeOffset At, ReadinessReport Report)? last;

    public async Task<ReadinessReport> CheckAsync(CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (last is { } cached && time.GetUtcNow() - cached.At < CacheFor)
            {
                return cached.Report;
            }

            var storeUp = await store.PingAsync(cancellationToken);
            var checks = await Task.WhenAll(registry.All.Select(s => CheckSourceAsync(s, cancellationToken)));
            var report = new ReadinessReport(
                storeUp && checks.All(c => c.Status == "up") ? "ready" : "not-ready",
                storeUp ? "up" : "down",
                checks.ToDictionary(c => c.Id, c => c));
            last = (time.GetUtcNow(), report);
            return report;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private async Task<SourceCheck> CheckSourceAsync(GatewaySource source, CancellationToken cancellationToken)
    {
        if (source.Upstream is null)
        {
            return new SourceCheck(source.Id, source.Kind, "starting", null, null, "the sandbox server has not started yet");
        }

        var stopwatch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromTicks(Math.Min(source.Timeout.Ticks, TimeSpan.FromSeconds(5).Ticks)));
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(source.Upstream, "metadata"));
            request.Headers.Accept.ParseAdd("application/fhir+json");
            request.Headers.Authorization = await credentials.GetAsync(source, timeout.Token);
            using var response = await httpClientFactory.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = response.IsSuccessStatusCode ? "up" : "down";
            return new SourceCheck(source.Id, source.Kind, status, (int)response.StatusCode, stopwatch.ElapsedMilliseconds,
                response.IsSuccessStatusCode ? null : $"metadata answered {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new SourceCheck(source.Id, source.Kind, "down", null, stopwatch.ElapsedMilliseconds, "metadata timed out");
        }
        catch (HttpRequestException ex)
        {
            return new SourceCheck(source.Id, source.Kind, "down", null, stopwatch.ElapsedMilliseconds, $"unreachable ({ex.HttpRequestError})");
        }
        catch (UpstreamAuthenticationException ex)
        {
            return new SourceCheck(source.Id, source.Kind, "down", null, stopwatch.ElapsedMilliseconds, ex.Message);
        }
    }
}

internal sealed record ReadinessReport(string Status, string Store, IReadOnlyDictionary<string, SourceCheck> Sources);

internal sealed record SourceCheck(string Id, string Kind, string Status, int? HttpStatus, long? Milliseconds, string? Reason);
