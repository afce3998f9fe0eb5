using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lead.Bench.Notifications;

// Notification latency: Encounters created through the gateway in hie-sandbox at a steady (open-loop) rate; one
// encounter-start subscription (rest-hook to a listener in this process) receives each as an event. Latency is the
// time from the write's 201 reaching the client (the change is accepted) to the notification reaching the listener,
// both on this process's clock.
// Usage: Lead.Bench.Notifications keygen <dir>
//        Lead.Bench.Notifications <gateway-base> <private-key.pem> [rate=20] [seconds=30] [content=id-only]
if (args.Length >= 2 && args[0] == "keygen")
{
    BackendToken.Generate(args[1]);
    return 0;
}

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Lead.Bench.Notifications <gateway-base> <private-key.pem> [rate] [seconds] [content]");
    return 2;
}

var gateway = new Uri(args[0].TrimEnd('/') + "/");
var rate = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30;
var content = args.Length > 4 ? args[4] : "id-only";

using var http = new HttpClient { BaseAddress = gateway };
http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await BackendToken.GetAsync(http, args[1], "system/*.cruds"));
await using var listener = await Listener.StartAsync();

var subscription = await CreateSubscriptionAsync();
await RunAsync(TimeSpan.FromSeconds(3), "warm-up");
listener.Arrived.Clear();
var (writes, failures) = await RunAsync(TimeSpan.FromSeconds(seconds), "measured");

// Stragglers: everything accepted should arrive; give it 10 s.
var wait = Stopwatch.StartNew();
while (writes.Keys.Any(id => !listener.Arrived.ContainsKey(id)) && wait.Elapsed < TimeSpan.FromSeconds(10))
{
    await Task.Delay(100);
}

var fromAnswer = new List<double>();
var fromSend = new List<double>();
foreach (var (id, (sent, answered)) in writes)
{
    if (listener.Arrived.TryGetValue(id, out var arrived))
    {
        fromAnswer.Add(Math.Max(0, Stopwatch.GetElapsedTime(answered, arrived).TotalMilliseconds));
        fromSend.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
    }
}

var missing = writes.Count - fromAnswer.Count;
Console.WriteLine($"| {content} | {rate}/s | {writes.Count} | {P(fromAnswer, 0.50):0.0} ms | {P(fromAnswer, 0.90):0.0} ms | {P(fromAnswer, 0.99):0.0} ms | {P(fromAnswer, 1):0.0} ms | {P(fromSend, 0.50):0.0} ms | {P(fromSend, 0.99):0.0} ms | {missing} | {failures} |");
await http.DeleteAsync($"fhir/Subscription/{subscription}");
return missing == 0 && failures == 0 ? 0 : 1;

static double P(List<double> values, double p)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    values.Sort();
    return values[Math.Clamp((int)Math.Ceiling(p * values.Count) - 1, 0, values.Count - 1)];
}

async Task<string> CreateSubscriptionAsync()
{
    const string sd = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    var body = $$$"""
        {"resourceType":"Subscription","status":"requested","reason":"latency benchmark",
         "criteria":"https://lead-gateway.org/fhir/SubscriptionTopic/encounter-start",
         "channel":{"type":"rest-hook","endpoint":"{{{listener.Endpoint}}}","payload":"application/fhir+json",
           "_payload":{"extension":[{"url":"{{{sd}}}backport-payload-content","valueCode":"{{{content}}}"}]} } }
        """;
    using var response = await http.PostAsync("fhir/Subscription", new StringContent(body, Encoding.UTF8, "application/fhir+json"));
    using var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    var id = created.RootElement.GetProperty("id").GetString()!;
    for (var i = 0; i < 100; i++)
    {
        using var current = JsonDocument.Parse(await http.GetStringAsync($"fhir/Subscription/{id}"));
        if (current.RootElement.GetProperty("status").GetString() == "active")
        {
            return id;
        }

        await Task.Delay(100);
    }

    throw new InvalidOperationException("the subscription never became active");
}

// Open loop: one write every 1/rate seconds on a fixed schedule, whatever earlier writes are doing.
async Task<(ConcurrentDictionary<string, (long Sent, long Answered)>, int)> RunAsync(TimeSpan duration, string phase)
{
    var writes = new ConcurrentDictionary<string, (long, long)>(StringComparer.Ordinal);
    var failed = 0;
    var pending = new List<Task>();
    var clock = Stopwatch.StartNew();
    var interval = TimeSpan.FromSeconds(1.0 / rate);
    for (var n = 0; clock.Elapsed < duration; n++)
    {
        var due = interval * n;
        if (due > clock.Elapsed)
        {
            await Task.Delay(due - clock.Elapsed);
        }

        pending.Add(Task.Run(async () =>
        {
            var encounter = $$$"""
                {"resourceType":"Encounter","status":"in-progress","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"},
                 "subject":{"reference":"Patient/bench-{{{phase}}}-{{{n}}}"},"period":{"start":"2026-11-29T08:00:00Z"}}
                """;
            var sent = Stopwatch.GetTimestamp();
            using var response = await http.PostAsync("fhir/hie-sandbox/Encounter", new StringContent(encounter, Encoding.UTF8, "application/fhir+json"));
            var answered = Stopwatch.GetTimestamp();
            var location = response.Headers.Location?.ToString().Split('/');
            if (!response.IsSuccessStatusCode || location is null)
            {
                Interlocked.Increment(ref failed);
                return;
            }

            writes[location[Array.IndexOf(location, "_history") - 1]] = (sent, answered);
        }));
    }

    await Task.WhenAll(pending);
    return (writes, failed);
}
