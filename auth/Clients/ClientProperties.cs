namespace Lead.Auth.Clients;

/// <summary>Names of the SMART registration details stored in OpenIddict's application properties.</summary>
internal static class ClientProperties
{
    public const string Type = "lead_type";
    public const string Organisation = "lead_organisation";
    public const string JwksUri = "lead_jwks_uri";
    public const string Scopes = "lead_scopes";
    public const string Sources = "lead_sources";

    /// <summary><c>config</c>, <c>cli</c> or <c>demo</c>: start-up synchronization only removes what configuration created.</summary>
    public const string Origin = "lead_origin";
}
