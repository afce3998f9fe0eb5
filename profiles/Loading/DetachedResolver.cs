using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;

namespace Lead.Profiles.Loading;

/// <summary>
/// Hands out deep copies of what the specification archive parses. The archive's XML parser leaves every element of a
/// parsed resource annotated with its source node, so a cached StructureDefinition keeps its whole XML document and an
/// annotation dictionary per element alive (measured: ≈ 100 MB of the gateway's heap for the core types it uses).
/// A copy carries the data only. Loaded once per artifact (the resolver above caches), so the copy costs nothing later.
/// </summary>
internal sealed class DetachedResolver(IAsyncResourceResolver inner) : IAsyncResourceResolver
{
    [Obsolete("Use TryResolveByUriAsync")]
    public async Task<Resource?> ResolveByUriAsync(string uri) => (await TryResolveByUriAsync(uri).ConfigureAwait(false)).Value;

    [Obsolete("Use TryResolveByCanonicalUriAsync")]
    public async Task<Resource?> ResolveByCanonicalUriAsync(string uri) => (await TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false)).Value;

    public async Task<ResolverResult> TryResolveByUriAsync(string uri) => Detach(await inner.TryResolveByUriAsync(uri).ConfigureAwait(false));

    public async Task<ResolverResult> TryResolveByCanonicalUriAsync(string uri) => Detach(await inner.TryResolveByCanonicalUriAsync(uri).ConfigureAwait(false));

    private static readonly FhirJsonSerializer Serializer = new();
    private static readonly FhirJsonDeserializer Deserializer = new();

    // DeepCopy would copy the annotations too: a JSON round trip keeps the data only. Known errata are corrected on the copy.
    private static ResolverResult Detach(ResolverResult result)
    {
        if (result.Value is not { } resource)
        {
            return result;
        }

        var copy = Deserializer.Deserialize<Resource>(Serializer.SerializeToString(resource));
        CoreErrata.Apply(copy);
        return copy;
    }
}
