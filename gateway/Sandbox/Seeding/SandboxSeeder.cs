using System.Diagnostics;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Sandbox.Seeding;

/// <summary>
/// Fills each sandbox source that holds nothing yet, so a fresh install has data and a restart never duplicates it.
/// Resources keep the ids and references the generator gave them.
/// </summary>
internal sealed class SandboxSeeder(SandboxStore store, SandboxPopulation population, IOptions<SandboxOptions> options, ILogger<SandboxSeeder> logger)
{
    private const int SeedBatchSize = 2000;

    public async Task SeedAsync(CancellationToken ct)
    {
        var empty = new List<string>();
        foreach (var (id, _, _) in SandboxSources.All)
        {
            if (!await store.HasAnyAsync(id, ct))
            {
                empty.Add(id);
            }
        }

        if (empty.Count == 0 || options.Value.SeedPeople == 0)
        {
            return;
        }

        var stopwatch = Stopwatch.StartNew();
        IReadOnlyDictionary<string, IReadOnlyList<Resource>> generated;
        try
        {
            generated = population.Generate(options.Value.SeedPeople, options.Value.SeedValue);
        }
        catch (Exception ex)
        {
            // A broken generator must not take the gateway down: the sandbox starts empty and says why.
            logger.LogError(ex, "Generating the synthetic population failed; sandbox sources {Sources} start empty", string.Join(", ", empty));
            return;
        }

        foreach (var source in empty)
        {
            if (!generated.TryGetValue(source, out var resources) || resources.Count == 0)
            {
                continue;
            }

            foreach (var resource in resources.Where(r => string.IsNullOrEmpty(r.Id)))
            {
                // The generator should set ids; one that did not still gets a stable place rather than failing the seed.
                resource.Id = Guid.NewGuid().ToString();
            }

            // Batches of a few thousand, one transaction each: thousands of rows a second instead of one fsync each, and
            // under SQLite's limit on parameters per statement (a 10,000-person seed exceeded it in one batch).
            foreach (var batch in resources.Chunk(SeedBatchSize))
            {
                await store.ImportAsync(source, batch, ct);
            }

            logger.LogInformation("Seeded sandbox source {Source} with {Count} resources", source, resources.Count);
        }

        logger.LogInformation("Sandbox seeding took {Elapsed} ms", stopwatch.ElapsedMilliseconds);
    }
}
