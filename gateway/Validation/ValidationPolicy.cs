using Lead.Gateway.Sandbox;
using Lead.Profiles;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Validation;

/// <summary>
/// Mode and required profiles for a (source, type). Sandbox sources default to enforce with the LEAD profiles that fit
/// their role (a Medicaid system's Coverage is Medicaid coverage; an ACO's Group is its attribution roster), unless
/// configuration says otherwise.
/// </summary>
internal sealed class ValidationPolicy(IOptions<ValidationOptions> options, IOptions<SandboxOptions> sandbox)
{
    private static readonly Dictionary<(string Source, string Type), string[]> SandboxProfiles = new()
    {
        [(SandboxSources.Medicaid, "Coverage")] = [LeadCanonicals.LeadMedicaidCoverageProfile],
        [(SandboxSources.Aco, "Group")] = [LeadCanonicals.LeadAttributionGroupProfile],
    };

    public string Mode(string sourceId, string type)
    {
        var source = options.Value.Sources.GetValueOrDefault(sourceId);
        return source?.Types.GetValueOrDefault(type)?.Mode ?? source?.Mode ?? options.Value.DefaultMode;
    }

    public IReadOnlyList<string> RequiredProfiles(string sourceId, string type)
    {
        var configured = options.Value.Sources.GetValueOrDefault(sourceId)?.Types.GetValueOrDefault(type)?.Profiles;
        if (configured is { Count: > 0 })
        {
            return configured;
        }

        return sandbox.Value.Enabled && SandboxProfiles.TryGetValue((sourceId, type), out var profiles) ? profiles : [];
    }
}
