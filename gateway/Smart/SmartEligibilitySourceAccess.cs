using Lead.Auth.Scopes;
using Lead.Gateway.Eligibility;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Smart;

/// <summary>
/// The LEAD eligibility check may consult a source for a type only when the caller's token could read it there itself:
/// client registered for the source, and a system/ or user/ grant to read or search the type. A patient/ token never
/// qualifies: the check looks people up by identifier, outside any one patient's compartment.
/// </summary>
internal sealed class SmartEligibilitySourceAccess(IOptions<SmartOptions> options) : IEligibilitySourceAccess
{
    public bool CanRead(HttpContext context, string sourceId, string resourceType)
    {
        if (!options.Value.IsRequired)
        {
            return true;
        }

        var token = SmartTokenContext.FromPrincipal(context.User);
        return token.MayUseSource(sourceId)
            && (Grants(token, SmartContext.System, resourceType) || Grants(token, SmartContext.User, resourceType));
    }

    private static bool Grants(SmartTokenContext token, SmartContext context, string type) =>
        token.Scopes.GrantsFor(context, type, SmartInteraction.Read).Any(g => !g.IsConstrained)
        || token.Scopes.GrantsFor(context, type, SmartInteraction.Search).Any(g => !g.IsConstrained);
}
