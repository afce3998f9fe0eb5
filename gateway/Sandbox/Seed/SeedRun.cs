namespace Lead.Gateway.Sandbox.Seed;

/// <summary>
/// One generation pass. People are drawn one at a time and rendered into all three sources before the next, so a
/// caller can stream a large population without holding it. Each source has its own id scheme and random stream,
/// so this interleaving yields exactly what rendering one source after another would.
/// </summary>
internal sealed class SeedRun
{
    private readonly int people;
    private readonly SyntheticPeople factory;
    private readonly AcoSource aco;
    private readonly MedicaidSource medicaid;
    private readonly HieSource hie;

    public SeedRun(int people, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(people);
        this.people = people;
        factory = new SyntheticPeople(new Random(seed));
        Aco = SeedSource.Aco(seed);
        Medicaid = SeedSource.Medicaid(seed);
        Hie = SeedSource.Hie(seed);
        aco = new AcoSource(Aco, people);
        medicaid = new MedicaidSource(Medicaid);
        hie = new HieSource(Hie);
    }

    public SeedSource Aco { get; }
    public SeedSource Medicaid { get; }
    public SeedSource Hie { get; }

    public IEnumerable<(string SourceId, SeedSource Source)> Sources =>
        [(SandboxSources.Aco, Aco), (SandboxSources.Medicaid, Medicaid), (SandboxSources.Hie, Hie)];

    /// <summary>
    /// Yields each person after rendering them in every source (with their Patient id per source); when the
    /// enumeration ends the sources are complete (the attribution roster is added last).
    /// </summary>
    public IEnumerable<(SeedPerson Person, string? AcoId, string? MedicaidId, string? HieId)> Run()
    {
        for (var i = 0; i < people; i++)
        {
            var person = factory.Next(i);
            yield return (person, aco.Add(person), medicaid.Add(person), hie.Add(person));
        }

        aco.Complete();
    }
}
