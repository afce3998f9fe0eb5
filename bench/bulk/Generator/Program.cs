// Bulk benchmark data generator: writes N synthetic people (the sandbox's own deterministic population, streamed
// person by person, so memory stays flat) as NDJSON, one folder per sandbox source, for `Lead.Gateway.dll import`.
// Usage: Lead.Gateway.Bench <people> <output-folder> [seed]
using System.Globalization;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Sandbox.Seed;

if (args.Length < 2 || !int.TryParse(args[0], CultureInfo.InvariantCulture, out var people))
{
    Console.Error.WriteLine("Usage: Lead.Gateway.Bench <people> <output-folder> [seed]");
    return 2;
}

var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : SyntheticPopulation.DefaultSeed;
var serializer = new FhirJsonSerializer();
var writers = new Dictionary<string, StreamWriter>(StringComparer.Ordinal);
var counts = new Dictionary<string, int>(StringComparer.Ordinal);
try
{
    foreach (var (sourceId, resource) in SyntheticPopulation.Stream(people, seed))
    {
        if (!writers.TryGetValue(sourceId, out var writer))
        {
            Directory.CreateDirectory(Path.Combine(args[1], sourceId));
            writer = new StreamWriter(Path.Combine(args[1], sourceId, "population.ndjson"));
            writers[sourceId] = writer;
        }

        await writer.WriteLineAsync(serializer.SerializeToString(resource));
        counts[sourceId] = counts.GetValueOrDefault(sourceId) + 1;
    }
}
finally
{
    foreach (var writer in writers.Values)
    {
        await writer.DisposeAsync();
    }
}

foreach (var (sourceId, count) in counts.OrderBy(c => c.Key, StringComparer.Ordinal))
{
    Console.WriteLine($"{sourceId}: {count} resources");
}

return 0;
