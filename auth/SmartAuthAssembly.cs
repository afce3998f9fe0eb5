namespace Lead.Auth;

/// <summary>Marker for the SMART-on-FHIR authorization server library.</summary>
public static class SmartAuthAssembly
{
    public const string Name = "Lead.Auth";
}
