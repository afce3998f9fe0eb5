using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Specification.Source;

namespace Lead.Profiles.Loading;

/// <summary>
/// The core R4 specification: a cached, thread-safe resolver and the canonical URLs of its StructureDefinitions.
/// The URL list lets "is this claimed profile known?" be a set lookup: asking the resolver would cache a miss
/// for every URL a client invents.
/// </summary>
internal sealed record CoreSpecification(IAsyncResourceResolver Resolver, IReadOnlySet<string> StructureDefinitions)
{
    /// <summary>Drops the parsed resources cached so far; they reload from the extracted archive on demand.</summary>
    public void ReleaseCache() => (Resolver as CachedResolver)?.Clear();

    // Conformance resources never change while the process runs; the default expiry would reload them.
    internal const int CacheSeconds = 10 * 365 * 24 * 3600;

    /// <summary>Opens specification.zip, extracting it (≈ 60 MB, once) under <paramref name="extractDirectory"/>.</summary>
    public static CoreSpecification Open(string specificationZipPath, string extractDirectory)
    {
        if (!File.Exists(specificationZipPath))
        {
            throw new ProfileLoadException($"FHIR R4 specification archive '{specificationZipPath}' not found (package Hl7.Fhir.Specification.Data.R4 copies it to the output folder).");
        }

        Directory.CreateDirectory(extractDirectory);
        var zip = new ZipSource(specificationZipPath, extractDirectory);
        var structureDefinitions = zip.ListSummaries()
            .Where(s => s.ResourceTypeName == "StructureDefinition")
            .Select(s => s.GetConformanceCanonicalUrl())
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);

        // Firely ships corrections for known errata in the R4 core definitions.
        return new CoreSpecification(new CachedResolver(new DetachedResolver(new StructureDefinitionCorrectionsResolver(zip)), CacheSeconds), structureDefinitions);
    }
}
