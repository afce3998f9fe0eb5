namespace Lead.Gateway.Sandbox.Import;

/// <summary>What an import loaded and refused. Refusals are grouped by reason; examples name only type/id or file and line.</summary>
internal sealed class ImportReport
{
    private readonly Dictionary<string, (int Count, List<string> Examples)> refusals = new(StringComparer.Ordinal);

    public SortedDictionary<string, int> LoadedByType { get; } = new(StringComparer.Ordinal);

    public int Lines { get; set; }

    /// <summary>Time spent parsing and storing: tells an operator whether the CPU or the database is the limit.</summary>
    public TimeSpan ParseTime { get; set; }

    public TimeSpan StoreTime { get; set; }

    public int Loaded => LoadedByType.Values.Sum();

    public int Refused { get; private set; }

    public void Refuse(string reason, string where)
    {
        Refused++;
        var (count, examples) = refusals.GetValueOrDefault(reason, (0, []));
        if (examples.Count < 3)
        {
            examples.Add(where);
        }

        refusals[reason] = (count + 1, examples);
    }

    public void Write(TextWriter output, TimeSpan elapsed)
    {
        output.WriteLine($"Read {Lines} lines in {elapsed.TotalSeconds:0.0} s ({Lines / Math.Max(elapsed.TotalSeconds, 0.001):0} lines/s; parsing {ParseTime.TotalSeconds:0.0} s, storing {StoreTime.TotalSeconds:0.0} s).");
        output.WriteLine($"Loaded {Loaded}:");
        foreach (var (type, count) in LoadedByType)
        {
            output.WriteLine($"  {type,-28} {count,7}");
        }

        output.WriteLine($"Refused {Refused}{(Refused == 0 ? "." : ":")}");
        foreach (var (reason, (count, examples)) in refusals.OrderByDescending(r => r.Value.Count))
        {
            output.WriteLine($"  {count,7} x {reason} (e.g. {string.Join("; ", examples)})");
        }
    }
}
