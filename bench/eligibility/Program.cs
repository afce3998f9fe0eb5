using System.Diagnostics;
using System.Globalization;

// Closed-loop load on Patient/$lead-eligibility: N callers, each sending its next request when the last one answered,
// for a fixed time after a warm-up. Identifiers rotate over the given list so the answers mix verdicts.
// Usage: Lead.Bench.Eligibility <gateway-base> <identifiers-file> [seconds=20] [callers=16] [date=2027-03-01]
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Lead.Bench.Eligibility <gateway-base> <identifiers-file> [seconds] [callers] [date]");
    return 2;
}

var gateway = new Uri(args[0].TrimEnd('/') + "/");
var identifiers = File.ReadAllLines(args[1]).Where(l => l.Length > 0).ToArray();
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var callers = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 16;
var date = args.Length > 4 ? args[4] : "2027-03-01";

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers }) { BaseAddress = gateway };
var paths = identifiers.Select(i => $"fhir/Patient/$lead-eligibility?identifier={Uri.EscapeDataString(i)}&date={date}").ToArray();

await RunAsync(TimeSpan.FromSeconds(3));   // warm-up: JIT, connection pools, SQLite caches
var (latencies, failures, elapsed) = await RunAsync(TimeSpan.FromSeconds(seconds));

latencies.Sort();
double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
Console.WriteLine($"| {callers} | {latencies.Count / elapsed.TotalSeconds:0} | {Percentile(0.50):0.0} ms | {Percentile(0.90):0.0} ms | {Percentile(0.99):0.0} ms | {latencies[^1]:0.0} ms | {failures} |");
return failures == 0 ? 0 : 1;

async Task<(List<double> Latencies, int Failures, TimeSpan Elapsed)> RunAsync(TimeSpan duration)
{
    var all = new List<double>[callers];
    var failed = 0;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, callers).Select(async caller =>
    {
        var mine = all[caller] = new List<double>(4096);
        var next = caller;
        while (clock.Elapsed < duration)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(paths[next++ % paths.Length]);
            var body = await response.Content.ReadAsStringAsync();
            mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            if (!response.IsSuccessStatusCode || !body.Contains("\"verdict\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref failed);
            }
        }
    }));
    return (all.SelectMany(l => l).ToList(), failed, clock.Elapsed);
}
