using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace Lead.Profiles.Loading;

/// <summary>
/// Serializes cache misses: SnapshotSource and the snapshot generator keep per-call state and are not
/// documented as thread-safe, while CachedResolver above it releases its lock while loading.
/// Misses only happen at warm-up or for rarely used core artifacts, so the lock costs nothing on the hot path.
/// </summary>
internal sealed class SerializedResolver(IAsyncResourceResolver inner) : IAsyncResourceResolver, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    [Obsolete("Use TryResolveByUriAsync")]
    public async Task<Resource?> ResolveByUriAsync(string uri) => (await TryResolveByUriAsync(uri).ConfigureAwait(false)).Value;

    [Obsolete("Use TryResolveByCanonicalUriAsync")]
    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => (await TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value;

    public void Dispose() => _gate.Dispose();

    public Task<ResolverResult> TryResolveByUriAsync(string uri) => Gated(() => inner.TryResolveByUriAsync(uri));

    public Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri) => Gated(() => inner.TryResolveByCanonicalUriAsync(uri));

    private async Task<T> Gated<T>(Func<Task<T>> load)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await load().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
