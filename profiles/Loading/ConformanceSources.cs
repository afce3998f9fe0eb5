using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;

namespace Lead.Profiles.Loading;

/// <summary>
/// The resolver chain the validators share: the LEAD profiles folder plus the core R4 specification,
/// snapshots generated on demand, everything cached. Thread-safe (see <see cref="SerializedResolver"/>).
/// </summary>
internal sealed class ConformanceSources
{
    private const int CacheSeconds = CoreSpecification.CacheSeconds;

    private readonly CachedResolver _cache;
    private readonly CoreSpecification _core;

    private ConformanceSources(CachedResolver resolver, CoreSpecification core, IReadOnlyList<ProfileFile> profiles, IEnumerable<string> structureDefinitions)
    {
        Resolver = _cache = resolver;
        _core = core;
        Profiles = profiles;
        StructureDefinitions = structureDefinitions.ToHashSet(StringComparer.Ordinal);
    }

    public IAsyncResourceResolver Resolver { get; }

    /// <summary>The project's own conformance resources, by file.</summary>
    public IReadOnlyList<ProfileFile> Profiles { get; }

    /// <summary>Canonical URLs of every StructureDefinition the resolver can return (core and ours).</summary>
    public IReadOnlySet<string> StructureDefinitions { get; }

    public static async Task<ConformanceSources> LoadAsync(string profilesDirectory, CoreSpecification core)
    {
        var profiles = ProfileFolderReader.Read(profilesDirectory);
        var folder = new DirectorySource(profilesDirectory, new DirectorySourceSettings { IncludeSubDirectories = false });
        var combined = new MultiResolver(folder, core.Resolver);

        await ProfileChecker.CheckAsync(profiles, combined).ConfigureAwait(false);

        var resolver = new CachedResolver(new SerializedResolver(new SnapshotSource(combined)), CacheSeconds);
        return new ConformanceSources(resolver, core, profiles, core.StructureDefinitions.Concat(OwnStructureDefinitions(profiles)));
    }

    /// <summary>For callers (the conformance suite) that bring their own conformance resources and no profiles folder.</summary>
    public static ConformanceSources ForResources(IReadOnlyCollection<Resource> resources, CoreSpecification core)
    {
        var combined = new MultiResolver(new InMemoryResourceResolver(resources), core.Resolver);
        var resolver = new CachedResolver(new SerializedResolver(new SnapshotSource(combined)), CacheSeconds);
        var own = resources.OfType<StructureDefinition>().Select(sd => sd.Url).OfType<string>();
        return new ConformanceSources(resolver, core, [], core.StructureDefinitions.Concat(own));
    }

    /// <summary>
    /// Drops every cached conformance resource (they reload from disk on demand). Called once after warm-up: schema
    /// compilation reads each StructureDefinition element's annotations, which makes Firely allocate an annotation
    /// dictionary per element (≈ 500 bytes each, ≈ 50 MB for the types the gateway compiles), while the compiled schemas
    /// no longer need the definitions they came from.
    /// </summary>
    public void ReleaseCaches()
    {
        _cache.Clear();
        _core.ReleaseCache();
    }

    private static IEnumerable<string> OwnStructureDefinitions(IEnumerable<ProfileFile> profiles) =>
        profiles.Where(p => p.Resource is StructureDefinition).Select(p => p.Canonical);
}
