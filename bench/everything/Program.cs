using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

// Patient/$everything latency for one person whose record spans the three sandbox sources, topped up to a target size
// with Observations written to the sandbox sources' own FHIR API. Sequential requests, then concurrent callers.
// Usage: Lead.Bench.Everything <gateway-base> <sandbox-root> <token> [requests=200] [target-resources=200] [callers=4]
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: Lead.Bench.Everything <gateway-base> <sandbox-root> <token> [requests] [target-resources] [callers]");
    return 2;
}

const string Mbi = "http://hl7.org/fhir/sid/us-mbi";
var gateway = new Uri(args[0].TrimEnd('/') + "/");
var sandbox = args[1].TrimEnd('/');
var requests = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 200;
var target = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 200;
var callers = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : 4;

using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = callers }) { BaseAddress = gateway };
client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[2]);
using var raw = new HttpClient();

// The first HIE record carrying an MBI: someone known to all three sources.
using var hiePatients = JsonDocument.Parse(await raw.GetStringAsync($"{sandbox}/hie-sandbox/Patient?_count=1000"));
var mbi = hiePatients.RootElement.GetProperty("entry").EnumerateArray()
    .SelectMany(e => e.GetProperty("resource").TryGetProperty("identifier", out var ids) ? ids.EnumerateArray() : default)
    .First(i => i.GetProperty("system").GetString() == Mbi).GetProperty("value").GetString();
var path = $"fhir/Patient/$everything?identifier={Uri.EscapeDataString($"{Mbi}|{mbi}")}&_count=1000";

var (total, patients) = await ShapeAsync();
var perSource = (int)Math.Ceiling(Math.Max(0, target - total) / (double)patients.Count);
foreach (var (source, id) in patients)
{
    for (var i = 0; i < perSource; i++)
    {
        var observation = $$$"""
            {"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
             "subject":{"reference":"Patient/{{{id}}}"},"effectiveDateTime":"2026-{{{1 + (i % 12):00}}}-15","valueQuantity":{"value":{{{60 + i % 30}}},"unit":"/min","system":"http://unitsofmeasure.org","code":"/min"}}
            """;
        using var created = await raw.PostAsync($"{sandbox}/{source}/Observation", new StringContent(observation, Encoding.UTF8, "application/fhir+json"));
        created.EnsureSuccessStatusCode();
    }
}

(total, patients) = await ShapeAsync();
var bySource = string.Join(", ", patients.Select(p => p.Source));
Console.WriteLine($"person: {total} resources in one Bundle from {patients.Count} sources ({bySource}); {requests} requests per row; {Environment.ProcessorCount} cores");
Console.WriteLine();
Console.WriteLine("| mode | requests | p50 | p90 | p99 | max | failures |");
Console.WriteLine("|---|---|---|---|---|---|---|");
await RunAsync(20, 1, "warm-up", print: false);
await RunAsync(requests, 1, "sequential (1 caller), one page `_count=1000`", print: true);
await RunAsync(requests, callers, $"{callers} concurrent callers, one page", print: true);
return 0;

async Task<(int Total, List<(string Source, string Id)> Patients)> ShapeAsync()
{
    using var bundle = JsonDocument.Parse(await client.GetStringAsync(path));
    var found = bundle.RootElement.GetProperty("entry").EnumerateArray()
        .Where(e => e.GetProperty("resource").GetProperty("resourceType").GetString() == "Patient")
        .Select(e => e.GetProperty("fullUrl").GetString()!.Split('/'))
        .Select(parts => (parts[^3], parts[^1]))
        .ToList();
    return (bundle.RootElement.GetProperty("total").GetInt32(), found);
}

async Task RunAsync(int count, int parallel, string label, bool print)
{
    var latencies = new List<double>(count);
    var failures = 0;
    var next = 0;
    await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
    {
        while (Interlocked.Increment(ref next) <= count)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            lock (latencies)
            {
                latencies.Add(elapsed);
            }

            if (!response.IsSuccessStatusCode || !body.Contains("\"searchset\"", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref failures);
            }
        }
    }));
    if (!print)
    {
        return;
    }

    latencies.Sort();
    double Percentile(double p) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
    Console.WriteLine($"| {label} | {latencies.Count} | {Percentile(0.50):0.0} ms | {Percentile(0.90):0.0} ms | {Percentile(0.99):0.0} ms | {latencies[^1]:0.0} ms | {failures} |");
}
