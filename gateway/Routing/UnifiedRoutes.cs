using Lead.Gateway.Sandbox;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Routing;

/// <summary>The effective unified-base rules: resource type → source id, first rule wins.</summary>
internal sealed class UnifiedRoutes
{
    public UnifiedRoutes(IOptions<RoutingOptions> routing, IOptions<SandboxOptions> sandbox)
    {
        var rules = routing.Value.Rules.Count > 0 || !sandbox.Value.Enabled ? routing.Value.Rules : SandboxDefaults.Rules;
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            foreach (var type in rule.ResourceTypes)
            {
                map.TryAdd(type, rule.Source);
            }
        }

        ByType = map;
    }

    /// <summary>Resource type → source id.</summary>
    public IReadOnlyDictionary<string, string> ByType { get; }
}
