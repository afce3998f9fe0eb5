using Lead.Gateway.Identity;
using Lead.Profiles;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>Which identifiers are strong: the MBI, a state Medicaid ID (system under the LEAD prefix), a configured HIE MPI.</summary>
internal sealed class IdentifierClassifier(IOptions<IdentityOptions> options)
{
    private readonly HashSet<string> mpiSystems = new(options.Value.HieMpiSystems, StringComparer.Ordinal);

    public StrongIdentifier? Classify(string? system, string? value)
    {
        if (string.IsNullOrWhiteSpace(system) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var trimmed = value.Trim();
        if (system == LeadCanonicals.MbiSystem)
        {
            // MBIs are upper case without dashes (domain.md); what clerks type may not be.
            return new StrongIdentifier(StrongIdentifier.Mbi, system, trimmed.Replace("-", "", StringComparison.Ordinal).ToUpperInvariant());
        }

        if (system.StartsWith(LeadCanonicals.MedicaidIdSystemPrefix, StringComparison.Ordinal))
        {
            return new StrongIdentifier(StrongIdentifier.MedicaidId, system, trimmed);
        }

        return mpiSystems.Contains(system) ? new StrongIdentifier(StrongIdentifier.HieMpi, system, trimmed) : null;
    }
}
