using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Seed;

/// <summary>The synthetic dually eligible population the sandbox sources are seeded with at first start.</summary>
internal static class SyntheticPopulation
{
    /// <summary>
    /// Resources per sandbox source id (<see cref="SandboxSources"/>), each with its id set, references local to its source.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<Resource>> Generate(int people, int seed)
    {
        // PLACEHOLDER (seed room): replaced by the generator.
        _ = people;
        _ = seed;
        return new Dictionary<string, IReadOnlyList<Resource>>();
    }
}
