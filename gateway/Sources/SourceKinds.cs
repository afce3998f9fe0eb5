namespace Lead.Gateway.Sources;

internal static class SourceKinds
{
    public const string Aco = "aco";
    public const string Medicaid = "medicaid";
    public const string Hie = "hie";
    public const string Cms = "cms";
}
