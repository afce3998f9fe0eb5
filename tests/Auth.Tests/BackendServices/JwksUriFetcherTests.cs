using System.Net;
using System.Net.Sockets;
using Lead.Auth.BackendServices;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Lead.Auth.Tests.BackendServices;

public sealed class JwksUriFetcherTests
{
    private static JwksUriFetcher Create(bool allowPrivate = false) =>
        new(Options.Create(new SmartAuthOptions { AllowPrivateJwksUris = allowPrivate }), new MemoryCache(new MemoryCacheOptions()));

    [Fact]
    public async Task JwksUri_Http_RefusedWithoutRequest()
    {
        using var fetcher = Create(allowPrivate: true);
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var (keys, error) = await fetcher.GetAsync($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/jwks", false, default);

        Assert.Null(keys);
        Assert.Contains("https", error, StringComparison.Ordinal);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task JwksUri_LoopbackHttps_RefusedBeforeConnecting()
    {
        using var fetcher = Create();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();

        var (keys, error) = await fetcher.GetAsync($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/jwks", false, default);

        Assert.Null(keys);
        Assert.Contains("private or loopback", error, StringComparison.Ordinal);
        await Task.Delay(100);
        Assert.False(listener.Pending(), "The fetcher connected to a loopback address.");
    }
}
