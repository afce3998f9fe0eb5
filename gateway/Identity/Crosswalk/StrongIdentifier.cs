namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>An identifier that names one person across sources (domain.md): the only evidence a link may rest on.</summary>
internal sealed record StrongIdentifier(string Kind, string System, string Value)
{
    public const string Mbi = "mbi";
    public const string MedicaidId = "medicaid-id";
    public const string HieMpi = "hie-mpi";

    /// <summary>Strongest first: when identifiers disagree about the person, the MBI (one per beneficiary, nationally) wins.</summary>
    public static int Rank(string kind) => kind switch
    {
        Mbi => 0,
        MedicaidId => 1,
        _ => 2,
    };
}
