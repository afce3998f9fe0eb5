using Lead.Auth.Scopes;
using Lead.Gateway.Routing;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Identity;

/// <summary>
/// How the caller's token reaches the identity operations: the same SMART rules as proxied requests, applied to data
/// the gateway reads with its own credentials (so nothing the token does not grant is laundered through it).
/// </summary>
internal sealed class IdentityAccess(IOptions<SmartOptions> smart, UnifiedRoutes routes, SourceRegistry registry)
{
    private static readonly SmartContext[] PopulationContexts = [SmartContext.System, SmartContext.User];

    public bool Enforced => smart.Value.IsRequired;

    public static SmartTokenContext Token(HttpContext context) => SmartTokenContext.FromPrincipal(context.User);

    public bool MayUseSource(HttpContext context, string sourceId) => !Enforced || Token(context).MayUseSource(sourceId);

    /// <summary>A system/ or user/ grant to read Patient anywhere: what matching people by identifier or demographics needs.</summary>
    public bool MayReadPopulation(HttpContext context, string type = "Patient") =>
        !Enforced || PopulationContexts.Any(c => Unconstrained(Token(context), c, type));

    /// <summary>Whether the token may see resources of the type in the given SMART context (unconstrained grants only: fail closed).</summary>
    public static bool Unconstrained(SmartTokenContext token, SmartContext context, string type) =>
        token.Scopes.GrantsFor(context, type, SmartInteraction.Search).Any(g => !g.IsConstrained)
        || token.Scopes.GrantsFor(context, type, SmartInteraction.Read).Any(g => !g.IsConstrained);

    /// <summary>The source a patient/ token's patient id belongs to (<see cref="SmartPatientSource"/>).</summary>
    public string? PatientSource(HttpContext context) => SmartPatientSource.Of(context.User, registry, routes);
}
