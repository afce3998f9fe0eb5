using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Routing;

/// <summary>A rule naming an unknown source or resource type stops start-up.</summary>
internal sealed class RoutingOptionsValidator(IOptions<SourcesOptions> sources, IOptions<SandboxOptions> sandbox) : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var known = sources.Value.Items.Keys.ToHashSet(StringComparer.Ordinal);
        if (sandbox.Value.Enabled)
        {
            known.UnionWith(SandboxSources.All.Select(s => s.Id));
        }

        var failures = new List<string>();
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            if (!known.Contains(rule.Source))
            {
                failures.Add($"Routing:Rules:{i}:Source '{rule.Source}' is not a configured source ({string.Join(", ", known.Order())}).");
            }

            if (rule.ResourceTypes.Count == 0)
            {
                failures.Add($"Routing:Rules:{i}:ResourceTypes is empty.");
            }

            failures.AddRange(rule.ResourceTypes.Where(t => !ModelInfo.IsKnownResource(t))
                .Select(t => $"Routing:Rules:{i}:ResourceTypes: '{t}' is not a FHIR R4 resource type."));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
