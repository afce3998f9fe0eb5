using Hl7.Fhir.Model;
using Lead.Gateway.Eligibility;
using Lead.Gateway.Sandbox.Search;
using Lead.Gateway.Sandbox.Storage;
using Lead.Profiles;

namespace Lead.Gateway.Sandbox.Eligibility;

/// <summary>
/// Finds the member a request names: by reference to a Patient here, or by MBI / Medicaid ID on a contained Patient
/// or on <c>patient.identifier</c>. Identifiers that point at different people are refused, never guessed between.
/// </summary>
internal sealed class MemberResolver(SandboxStore store)
{
    public async Task<MemberMatch> ResolveAsync(string source, CoverageEligibilityRequest request, CancellationToken ct)
    {
        var patient = request.Patient;
        var reference = patient?.Reference;
        if (reference is ['#', .. var localId])
        {
            var contained = request.Contained.OfType<Patient>().FirstOrDefault(p => p.Id == localId);
            return contained is null
                ? MemberMatch.Error(EligibilityCodes.NoMemberIdentifier, $"The patient reference '{reference}' names no contained Patient.")
                : await ByIdentifiersAsync(source, contained.Identifier, ct);
        }

        if (SearchIndexer.ParseReference(reference) is ("Patient" or null, var id))
        {
            var stored = await store.ReadAsync(source, "Patient", id, ct);
            return stored is { Deleted: false } ? MemberMatch.Found(id) : MemberMatch.Error(EligibilityCodes.MemberNotFound, "No member has that Patient id.");
        }

        return patient?.Identifier is { } identifier
            ? await ByIdentifiersAsync(source, [identifier], ct)
            : MemberMatch.Error(EligibilityCodes.NoMemberIdentifier, "The request names the patient neither by reference nor by identifier.");
    }

    private async Task<MemberMatch> ByIdentifiersAsync(string source, IEnumerable<Identifier> identifiers, CancellationToken ct)
    {
        var usable = identifiers.Where(i => !string.IsNullOrEmpty(i.Value)
            && (i.System == LeadCanonicals.MbiSystem || i.System?.StartsWith(LeadCanonicals.MedicaidIdSystemPrefix, StringComparison.Ordinal) == true)).ToList();
        if (usable.Count == 0)
        {
            return MemberMatch.Error(EligibilityCodes.NoMemberIdentifier, "The patient carries no MBI or Medicaid ID identifier.");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identifier in usable)
        {
            var search = SearchRequest.Parse("Patient", [new("identifier", $"{identifier.System}|{identifier.Value}")], 2, 2);
            ids.UnionWith((await store.SearchAsync(source, "Patient", search, ct)).Matches.Select(m => m.Id));
        }

        return ids.Count switch
        {
            0 => MemberMatch.Error(EligibilityCodes.MemberNotFound, "No member matches the identifier(s) given."),
            1 => MemberMatch.Found(ids.First()),
            _ => MemberMatch.Error(EligibilityCodes.MemberAmbiguous, "The identifiers given match more than one member; refusing to guess."),
        };
    }
}
