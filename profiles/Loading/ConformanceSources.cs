using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace Lead.Profiles.Loading;

/// <summary>
/// The resolver chain the validators share: the LEAD profiles folder plus the core R4 specification,
/// snapshots generated on demand, everything cached. Thread-safe (see <see cref="SerializedResolver"/>).
/// </summary>
internal sealed class ConformanceSources
{
    // Conformance resources never change while the process runs; the default expiry would reload and re-snapshot them.
    private const int CacheSeconds = 10 * 365 * 24 * 3600;

    private ConformanceSources(IAsyncResourceResolver resolver, IReadOnlyList<ProfileFile> profiles)
    {
        Resolver = resolver;
        Profiles = profiles;
    }

    public IAsyncResourceResolver Resolver { get; }

    /// <summary>The project's own conformance resources, by file.</summary>
    public IReadOnlyList<ProfileFile> Profiles { get; }

    /// <summary>Core specification source, corrected for the known R4 errata Firely ships fixes for.</summary>
    public static IAsyncResourceResolver CreateCore(string specificationZipPath, string extractDirectory)
    {
        if (!File.Exists(specificationZipPath))
        {
            throw new ProfileLoadException($"FHIR R4 specification archive '{specificationZipPath}' not found (package Hl7.Fhir.Specification.Data.R4 copies it to the output folder).");
        }

        Directory.CreateDirectory(extractDirectory);
        var zip = new ZipSource(specificationZipPath, extractDirectory);
        return new CachedResolver(new StructureDefinitionCorrectionsResolver(zip), CacheSeconds);
    }

    public static async Task<ConformanceSources> LoadAsync(string profilesDirectory, IAsyncResourceResolver core)
    {
        var profiles = ProfileFolderReader.Read(profilesDirectory);
        var folder = new DirectorySource(profilesDirectory, new DirectorySourceSettings { IncludeSubDirectories = false });
        var combined = new MultiResolver(folder, core);

        await ProfileChecker.CheckAsync(profiles, combined).ConfigureAwait(false);

        var resolver = new CachedResolver(new SerializedResolver(new SnapshotSource(combined)), CacheSeconds);
        return new ConformanceSources(resolver, profiles);
    }

    /// <summary>For callers (the conformance suite) that bring their own conformance resources and no profiles folder.</summary>
    public static ConformanceSources ForResources(IEnumerable<Resource> resources, IAsyncResourceResolver core)
    {
        var combined = new MultiResolver(new InMemoryResourceResolver(resources), core);
        var resolver = new CachedResolver(new SerializedResolver(new SnapshotSource(combined)), CacheSeconds);
        return new ConformanceSources(resolver, []);
    }
}
