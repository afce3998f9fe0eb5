namespace Lead.Gateway.Eligibility;

/// <summary>
/// The default until SMART scopes guard <c>/fhir</c>: everything may be read. The authorization feature replaces it
/// with a check of the token's scopes (e.g. <c>system/Coverage.rs</c>) per source.
/// </summary>
internal sealed class AllowAllSourceAccess : IEligibilitySourceAccess
{
    public bool CanRead(HttpContext context, string sourceId, string resourceType) => true;
}
