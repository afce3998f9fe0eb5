namespace Lead.Gateway.Eligibility;

/// <summary>
/// Whether the caller may learn, through the gateway, what a source holds of one resource type. The LEAD check reads
/// Patient, Coverage and (on ACO / CMS sources) Group with the gateway's own credentials, so without this check it would
/// launder access the caller's token does not grant. A source refused here is reported as <c>unknown (not authorised)</c>.
/// </summary>
internal interface IEligibilitySourceAccess
{
    bool CanRead(HttpContext context, string sourceId, string resourceType);
}
