using System.Globalization;
using System.Text;
using Lead.Gateway.Identity.Storage;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Identity.Everything;

/// <summary>
/// A combined record kept between the pages of one $everything walk, so later pages slice it instead of reading every
/// source again (and a resource deleted upstream mid-walk does not shift the pages after it). The key is everything
/// the assembly depends on: the person, the records and types the current token may see, whether only the patient's
/// own references count, <c>_since</c> and the walk's snapshot instant. Each page recomputes and re-authorises all of it
/// before looking, so a hit never shows a token more than reading again would. Bounded by size and time; a miss
/// (expired, evicted, another replica) reads again as before. Nothing is persisted.
/// </summary>
internal sealed class EverythingPageCache : IDisposable
{
    // Per entry, besides its JSON (UTF-16): ids, type, source and the list slot.
    private const long EntryOverhead = 256;

    private readonly MemoryCache? cache;
    private readonly TimeSpan lifetime;

    public EverythingPageCache(IOptions<IdentityOptions> options)
    {
        lifetime = options.Value.EverythingCacheLifetime;
        if (options.Value.EverythingCacheMegabytes > 0)
        {
            cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.EverythingCacheMegabytes * 1024L * 1024L });
        }
    }

    public static string Key(
        string person, IEnumerable<RecordRow> records, IEnumerable<string> types, bool patientOnly, DateTimeOffset? since, DateTimeOffset snapshot)
    {
        var key = new StringBuilder(person).Append('\n')
            .Append(snapshot.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(since?.UtcTicks.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append(patientOnly ? 'p' : '-').Append('\n')
            .AppendJoin(',', types).Append('\n');
        foreach (var record in records)
        {
            // Source ids and patient ids never hold a newline or a tab (FHIR ids are [A-Za-z0-9\-\.]).
            key.Append(record.Source).Append('\t').Append(record.PatientId).Append('\n');
        }

        return key.ToString();
    }

    public bool TryGet(string key, out EverythingAssembly assembly)
    {
        assembly = null!;
        return cache is not null && cache.TryGetValue(key, out assembly!);
    }

    public void Set(string key, EverythingAssembly assembly)
    {
        if (cache is null)
        {
            return;
        }

        var size = assembly.Entries.Sum(e => EntryOverhead + 2L * e.Json.Length) + assembly.Problems.Sum(p => 2L * p.Length) + 2L * key.Length;
        cache.Set(key, assembly, new MemoryCacheEntryOptions { Size = size, AbsoluteExpirationRelativeToNow = lifetime });
    }

    public void Dispose() => cache?.Dispose();
}
