using Hl7.Fhir.Model;
using Lead.Profiles;

namespace Lead.Gateway.Eligibility;

/// <summary>Identifiers that name one person across Medicare and Medicaid (domain.md): the MBI and state Medicaid IDs.</summary>
internal static class Crosswalk
{
    public static bool IsLinkable(Identifier identifier) =>
        identifier.System == LeadCanonicals.MbiSystem
        || identifier.System?.StartsWith(LeadCanonicals.MedicaidIdSystemPrefix, StringComparison.Ordinal) == true;
}
