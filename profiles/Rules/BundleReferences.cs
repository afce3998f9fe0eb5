using Hl7.Fhir.Model;

namespace Lead.Profiles.Rules;

/// <summary>Resolves references between entries of a Bundle (fullUrl, type/id) and to contained resources.</summary>
internal static class BundleReferences
{
    public static (Resource Resource, int Index)? Resolve(Bundle? bundle, DomainResource? container, string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }

        if (reference.StartsWith('#') && container is not null)
        {
            var contained = container.Contained.FirstOrDefault(c => c.Id == reference[1..]);
            return contained is null ? null : (contained, -1);
        }

        if (bundle is null)
        {
            return null;
        }

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is { } r && (entry.FullUrl == reference || Key(r) == reference || (entry.FullUrl?.EndsWith("/" + reference, StringComparison.Ordinal) ?? false)))
            {
                return (r, i);
            }
        }

        return null;
    }

    /// <summary>A stable key for "the same beneficiary": the entry it resolves to, else the literal reference, else its identifier.</summary>
    public static string? BeneficiaryKey(Bundle bundle, ResourceReference? beneficiary)
    {
        if (beneficiary is null)
        {
            return null;
        }

        if (Resolve(bundle, null, beneficiary.Reference) is { Index: >= 0 } hit)
        {
            return "entry:" + hit.Index;
        }

        return beneficiary.Reference is { Length: > 0 } literal ? "ref:" + literal
            : beneficiary.Identifier is { Value: { } value } id ? $"id:{id.System}|{value}"
            : null;
    }

    private static string? Key(Resource r) => r.Id is null ? null : $"{r.TypeName}/{r.Id}";
}
