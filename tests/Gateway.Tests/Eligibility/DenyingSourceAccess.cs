using Lead.Gateway.Eligibility;
using Microsoft.AspNetCore.Http;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>Stands in for the SMART scope check: refuses one resource type on one source.</summary>
internal sealed class DenyingSourceAccess(string sourceId, string resourceType) : IEligibilitySourceAccess
{
    public bool CanRead(HttpContext context, string sourceId1, string resourceType1) => !(sourceId1 == sourceId && resourceType1 == resourceType);
}
