namespace Lead.Gateway.Sandbox;

/// <summary>Ids and kinds of the three embedded sandbox sources.</summary>
internal static class SandboxSources
{
    public const string Aco = "aco-sandbox";
    public const string Medicaid = "medicaid-sandbox";
    public const string Hie = "hie-sandbox";

    public static readonly IReadOnlyList<(string Id, string Kind, string Description)> All =
    [
        (Aco, "aco", "LEAD ACO EHR (sandbox)"),
        (Medicaid, "medicaid", "State Medicaid system (sandbox)"),
        (Hie, "hie", "Regional HIE (sandbox)"),
    ];
}
