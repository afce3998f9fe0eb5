using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Lead.Auth.BackendServices;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Lead.Auth.Tests.BackendServices;

/// <summary>jwks_uri against a real https listener on loopback (allowed here by AllowPrivateJwksUris).</summary>
public sealed class JwksUriServerTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private WebApplication? _app;
    private int _hits;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration().UseKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(_certificate)));
        _app = builder.Build();
        var jwks = TestKeys.PublicJwks(TestKeys.Rsa);
        _app.MapGet("/cached", (HttpContext http) => Serve(http, jwks, "public, max-age=60"));
        _app.MapGet("/uncached", (HttpContext http) => Serve(http, jwks, null));
        _app.MapGet("/no-store", (HttpContext http) => Serve(http, jwks, "no-store"));
        _app.MapGet("/redirect", () => { Interlocked.Increment(ref _hits); return Results.Redirect("/cached"); });
        await _app.StartAsync();
        _port = new Uri(_app.Urls.First()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _certificate.Dispose();
    }

    private IResult Serve(HttpContext http, string jwks, string? cacheControl)
    {
        Interlocked.Increment(ref _hits);
        if (cacheControl is not null)
        {
            http.Response.Headers.CacheControl = cacheControl;
        }

        return Results.Text(jwks, "application/json");
    }

    private JwksUriFetcher Fetcher() => new(
        Options.Create(new SmartAuthOptions { AllowPrivateJwksUris = true }),
        new MemoryCache(new MemoryCacheOptions()),
        (_, certificate, _, _) => certificate?.GetCertHashString() == _certificate.GetCertHashString());

    [Fact]
    public async Task JwksUri_MaxAge_FetchedOnceThenCached()
    {
        using var fetcher = Fetcher();

        var (first, error) = await fetcher.GetAsync($"https://127.0.0.1:{_port}/cached", false, default);
        var (second, _) = await fetcher.GetAsync($"https://127.0.0.1:{_port}/cached", false, default);

        Assert.True(first is not null, error);
        Assert.Equal("rsa-1", Assert.Single(first.Keys).Kid);
        Assert.Same(first, second);
        Assert.Equal(1, _hits);
    }

    [Fact]
    public async Task JwksUri_NoCacheControl_CachedForAShortWhile()
    {
        using var fetcher = Fetcher();

        await fetcher.GetAsync($"https://127.0.0.1:{_port}/uncached", false, default);
        await fetcher.GetAsync($"https://127.0.0.1:{_port}/uncached", false, default);

        Assert.Equal(1, _hits);
    }

    [Fact]
    public async Task JwksUri_NoStore_FetchedEveryTime()
    {
        using var fetcher = Fetcher();

        await fetcher.GetAsync($"https://127.0.0.1:{_port}/no-store", false, default);
        await fetcher.GetAsync($"https://127.0.0.1:{_port}/no-store", false, default);

        Assert.Equal(2, _hits);
    }

    [Fact]
    public async Task JwksUri_LooksPastTheCache_AtMostOncePerInterval()
    {
        // Assertions with made-up kids ask for an uncached look each time: the partner's server sees one.
        using var fetcher = Fetcher();
        await fetcher.GetAsync($"https://127.0.0.1:{_port}/cached", false, default);

        for (var i = 0; i < 5; i++)
        {
            var (keys, error) = await fetcher.GetAsync($"https://127.0.0.1:{_port}/cached", bypassCache: true, default);
            Assert.True(keys is not null, error);
        }

        Assert.Equal(2, _hits);
    }

    [Fact]
    public async Task JwksUri_Redirect_NotFollowed()
    {
        using var fetcher = Fetcher();

        var (keys, error) = await fetcher.GetAsync($"https://127.0.0.1:{_port}/redirect", false, default);

        Assert.Null(keys);
        Assert.Contains("redirects are not followed", error, StringComparison.Ordinal);
        Assert.Equal(1, _hits);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
