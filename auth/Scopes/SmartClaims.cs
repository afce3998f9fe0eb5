namespace Lead.Auth.Scopes;

/// <summary>Claim names in access tokens issued by this server (as issued; JwtBearer must not remap them).</summary>
public static class SmartClaims
{
    public const string Scope = "scope";
    public const string Patient = "patient";
    public const string Encounter = "encounter";
    public const string FhirUser = "fhirUser";
    public const string ClientId = "client_id";
    public const string Subject = "sub";

    /// <summary>FHIR source ids the client is registered for; absent means every source.</summary>
    public const string Sources = "lead_sources";
}
