using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// The resources of one sandbox source and its own id scheme. Each source numbers its resources its own
/// way, as real systems do, so only identifiers (never ids) can link a person across sources.
/// </summary>
internal sealed class SeedSource
{
    private readonly Func<string> nextId;

    private SeedSource(Func<string> nextId, Random random)
    {
        this.nextId = nextId;
        Random = random;
    }

    public List<Resource> Resources { get; } = [];

    /// <summary>The source's own random stream: adding detail to one source never reshuffles another.</summary>
    public Random Random { get; }

    /// <summary>ACO EHR: 16 hex digits, a bijective scramble of a counter (looks random, never collides).</summary>
    public static SeedSource Aco(int seed)
    {
        ulong n = 0;
        return new SeedSource(() => Scramble(++n).ToString("x16"), new Random(Derive(seed, 1)));
    }

    /// <summary>State Medicaid system: sequential, zero-padded, as legacy MMIS keys often are.</summary>
    public static SeedSource Medicaid(int seed)
    {
        var n = 0;
        return new SeedSource(() => $"mcd-{++n:D6}", new Random(Derive(seed, 2)));
    }

    /// <summary>HIE: version-4-shaped UUIDs drawn from a seeded stream (never Guid.NewGuid: output must be reproducible).</summary>
    public static SeedSource Hie(int seed)
    {
        var ids = new Random(Derive(seed, 4));
        return new SeedSource(() => Uuid(ids), new Random(Derive(seed, 3)));
    }

    public T Add<T>(T resource)
        where T : Resource
    {
        resource.Id = nextId();
        Resources.Add(resource);
        return resource;
    }

    /// <summary>For the few resources whose id is a published constant (the attribution roster).</summary>
    public T AddWithId<T>(T resource, string id)
        where T : Resource
    {
        resource.Id = id;
        Resources.Add(resource);
        return resource;
    }

    private static string Uuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }

    // SplitMix64 finaliser: a bijection on 64 bits, so distinct counters give distinct ids.
    private static ulong Scramble(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    private static int Derive(int seed, int stream) => unchecked((seed * 486187739) + (stream * 16777619));
}
