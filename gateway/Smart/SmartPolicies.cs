namespace Lead.Gateway.Smart;

internal static class SmartPolicies
{
    /// <summary>A valid gateway access token (JwtBearer): the floor under every FHIR route.</summary>
    public const string Fhir = "fhir";
}
