using Hl7.Fhir.Model;

namespace Lead.Profiles.Validation;

/// <summary>Which profiles each resource location of one call is checked against, and which claims are unknown.</summary>
internal sealed class ValidationPlan
{
    private readonly List<(string Location, IReadOnlyList<string> Profiles)> _required = [];

    public IReadOnlyList<(string Location, IReadOnlyList<string> Profiles)> Required => _required;

    /// <summary>Adds one resource; reports unknown claimed/required profiles; returns every profile that will apply to it.</summary>
    public IReadOnlySet<string> Add(Resource resource, string location, IEnumerable<string>? requiredProfiles, LeadValidator validator, List<OperationOutcome.IssueComponent> issues)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        var claimed = resource.Meta?.Profile?.OfType<string>().ToList() ?? [];
        for (var i = 0; i < claimed.Count; i++)
        {
            if (validator.IsKnownProfile(claimed[i]))
            {
                applied.Add(claimed[i]);
            }
            else
            {
                issues.Add(Issues.Error(OperationOutcome.IssueType.NotFound, $"Claimed profile '{claimed[i]}' is unknown to this gateway", $"{location}.meta.profile[{i}]"));
            }
        }

        var required = new List<string>();
        foreach (var profile in (requiredProfiles ?? []).Distinct(StringComparer.Ordinal))
        {
            if (!validator.IsKnownProfile(profile))
            {
                issues.Add(Issues.Error(OperationOutcome.IssueType.NotFound, $"Required profile '{profile}' is unknown to this gateway", location));
            }
            else if (applied.Add(profile))
            {
                required.Add(profile);
            }
        }

        if (required.Count > 0)
        {
            _required.Add((location, required));
        }

        return applied;
    }
}
