using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.BackendServices;

/// <summary>
/// Fetches a client's registered <c>jwks_uri</c>: https only, no redirects, no private/loopback/link-local targets
/// (unless <see cref="SmartAuthOptions.AllowPrivateJwksUris"/>), 64 KiB and 5 s at most. Cached for the response's
/// Cache-Control max-age (a day at most), a minute when it gives none, not at all for no-store/no-cache. A look past the
/// cache (a kid the cached keys lack: the client may have rotated) happens once per URL every 30 seconds at most, so
/// assertions with made-up kids cannot make the gateway fetch a partner's keys on every request.
/// </summary>
internal sealed class JwksUriFetcher : IDisposable
{
    private const int MaxBytes = 64 * 1024;
    private static readonly TimeSpan DefaultLifetime = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RefetchInterval = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly IMemoryCache _cache;
    private readonly bool _allowPrivate;

    public JwksUriFetcher(IOptions<SmartAuthOptions> options, IMemoryCache cache)
        : this(options, cache, certificateValidation: null)
    {
    }

    /// <summary>Tests only: trust a self-signed test certificate. Production always uses the platform's validation.</summary>
    internal JwksUriFetcher(IOptions<SmartAuthOptions> options, IMemoryCache cache, RemoteCertificateValidationCallback? certificateValidation)
    {
        _cache = cache;
        _allowPrivate = options.Value.AllowPrivateJwksUris;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = ConnectAsync,
        };
        if (certificateValidation is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = certificateValidation;
        }

        _http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5), MaxResponseContentBufferSize = MaxBytes };
    }

    public async Task<(JsonWebKeySet? Keys, string? Error)> GetAsync(string jwksUri, bool bypassCache, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(jwksUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            return (null, "jwks_uri must be an absolute https URL.");
        }

        if (bypassCache && _cache.TryGetValue(RefetchKey(uri), out _))
        {
            // Looked past the cache moments ago: the cached keys (if any) are as fresh as a fetch would be.
            bypassCache = false;
        }

        if (!bypassCache && _cache.TryGetValue(CacheKey(uri), out JsonWebKeySet? cached) && cached is not null)
        {
            return (cached, null);
        }

        if (bypassCache)
        {
            _cache.Set(RefetchKey(uri), true, RefetchInterval);
        }

        try
        {
            using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseContentRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return (null, $"jwks_uri answered {(int)response.StatusCode}; redirects are not followed.");
            }

            var json = await response.Content.ReadAsStringAsync(cancellationToken);
            var keys = new JsonWebKeySet(json);
            var maxAge = response.Headers.CacheControl switch
            {
                { NoStore: true } or { NoCache: true } => TimeSpan.Zero,
                { MaxAge: { } age } => age,
                _ => DefaultLifetime,
            };
            if (maxAge > TimeSpan.Zero)
            {
                _cache.Set(CacheKey(uri), keys, TimeSpan.FromSeconds(Math.Min(maxAge.TotalSeconds, 86_400)));
            }

            return (keys, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException)
        {
            // The gateway's own refusal is the client's to read; other exceptions' text (DNS, TLS and socket detail of
            // the networks in between) is not.
            var refusal = ex as AddressRefusedException ?? ex.InnerException as AddressRefusedException;
            return (null, refusal?.Message
                ?? (ex is TaskCanceledException ? "jwks_uri did not answer within 5 seconds." : "jwks_uri could not be fetched."));
        }
    }

    public void Dispose() => _http.Dispose();

    private static string CacheKey(Uri uri) => "lead-jwks:" + uri.AbsoluteUri;

    private static string RefetchKey(Uri uri) => "lead-jwks-refetch:" + uri.AbsoluteUri;

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => _allowPrivate || !AddressPolicy.IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new AddressRefusedException($"jwks_uri host '{context.DnsEndPoint.Host}' resolves only to private or loopback addresses.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Connect to the vetted addresses themselves, so a second DNS answer cannot swap in another target.
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>The address policy refused a jwks_uri host: a message the client may read.</summary>
internal sealed class AddressRefusedException(string message) : HttpRequestException(message);
