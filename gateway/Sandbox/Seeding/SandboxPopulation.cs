using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Seed;

namespace Lead.Gateway.Sandbox.Seeding;

/// <summary>Where seed data comes from: <see cref="SyntheticPopulation.Generate"/> in the app, a small fixed list in tests.</summary>
internal sealed class SandboxPopulation(Func<int, int, IReadOnlyDictionary<string, IReadOnlyList<Resource>>> generate)
{
    public SandboxPopulation()
        : this(SyntheticPopulation.Generate)
    {
    }

    public IReadOnlyDictionary<string, IReadOnlyList<Resource>> Generate(int people, int seed) => generate(people, seed);
}
