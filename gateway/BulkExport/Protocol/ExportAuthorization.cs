using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>What a kick-off may export: only backend-services (<c>system/</c>) tokens; their readable types; their sources.</summary>
internal sealed class ExportAuthorization(IOptions<SmartOptions> smart, IOptions<BulkExportOptions> options, SourceRegistry registry)
{
    /// <summary>The client id jobs are owned by when SMART enforcement is disabled (benchmarks, closed networks).</summary>
    public const string AnonymousClient = "(no token)";

    public string ClientId(HttpContext context) =>
        smart.Value.IsRequired ? SmartTokenContext.FromPrincipal(context.User).ClientId ?? AnonymousClient : AnonymousClient;

    public ExportGrant Authorize(HttpContext context, ExportRequest request)
    {
        var sources = Sources(request).ToList();
        if (!smart.Value.IsRequired)
        {
            var all = request.Types ?? [.. ModelInfo.SupportedResources];
            return new ExportGrant(AnonymousClient, all, request.TypeFilters, sources.Select(s => s.Id).ToList());
        }

        var token = SmartTokenContext.FromPrincipal(context.User);
        if (token.PatientId is not null || !token.Scopes.HasContext(SmartContext.System)
            || token.Scopes.HasContext(SmartContext.Patient) || token.Scopes.HasContext(SmartContext.User))
        {
            throw ExportRequestException.Forbidden("Bulk export needs a backend-services token with system/ scopes only.");
        }

        var granted = ModelInfo.SupportedResources.Where(t => token.Scopes.Allows(SmartContext.System, t, SmartInteraction.Read)).ToList();
        if (request.Types is { } asked && asked.FirstOrDefault(t => !granted.Contains(t)) is { } refused)
        {
            throw ExportRequestException.Forbidden($"The token does not grant system read of {refused}.");
        }

        var types = request.Types ?? granted;
        if (types.Count == 0)
        {
            throw ExportRequestException.Forbidden("The token grants system read of no resource type.");
        }

        if (request.TypeFilters.Select(f => f.Split('?')[0]).FirstOrDefault(t => !types.Contains(t)) is { } filtered)
        {
            throw ExportRequestException.Forbidden($"_typeFilter names {filtered}, which this export does not include.");
        }

        var mayUse = sources.Where(s => token.MayUseSource(s.Id)).Select(s => s.Id).ToList();
        if (mayUse.Count == 0 || (request.SourceId is not null && mayUse.Count != sources.Count))
        {
            throw ExportRequestException.Forbidden("The client is not registered for the source(s) of this export.");
        }

        var scopeFilters = ScopeFilters(token, types).ToList();
        if (request.TypeFilters.FirstOrDefault(f => scopeFilters.Any(s => s.Split('?')[0] == f.Split('?')[0])) is { } loose)
        {
            // Filters of one type are ORed: a client's own filter must not widen what its scope constraint allows.
            throw ExportRequestException.Forbidden($"The token reads {loose.Split('?')[0]} only through scope constraints; _typeFilter cannot be combined with them.");
        }

        return new ExportGrant(token.ClientId ?? AnonymousClient, types, [.. request.TypeFilters, .. scopeFilters], mayUse);
    }

    private IEnumerable<GatewaySource> Sources(ExportRequest request)
    {
        if (request.SourceId is not null)
        {
            return registry.Find(request.SourceId) is { } one ? [one] : [];
        }

        var configured = options.Value.Sources;
        return registry.All.Where(s => configured.Count == 0 || configured.Contains(s.Id, StringComparer.Ordinal));
    }

    /// <summary>A type readable only through constrained scopes (<c>system/Observation.rs?category=laboratory</c>) is exported through those constraints.</summary>
    private static IEnumerable<string> ScopeFilters(SmartTokenContext token, IReadOnlyList<string> types)
    {
        foreach (var type in types)
        {
            var grants = token.Scopes.GrantsFor(SmartContext.System, type, SmartInteraction.Read);
            if (grants.Any(g => !g.IsConstrained))
            {
                continue;
            }

            foreach (var grant in grants)
            {
                yield return type + "?" + string.Join('&', grant.Constraints.Select(c => $"{Uri.EscapeDataString(c.Parameter)}={Uri.EscapeDataString(c.Value)}"));
            }
        }
    }
}

/// <summary>What authorization allows: the owner, the types, the filters (<c>_typeFilter</c> plus scope constraints) and the sources.</summary>
internal sealed record ExportGrant(string ClientId, IReadOnlyList<string> Types, IReadOnlyList<string> TypeFilters, IReadOnlyList<string> Sources);
