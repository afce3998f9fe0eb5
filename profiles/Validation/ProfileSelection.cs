using Firely.Fhir.Validation;
using Hl7.Fhir.Model;

namespace Lead.Profiles.Validation;

/// <summary>
/// The profiles one validation call adds per resource location (root resource, Bundle entries), so base R4,
/// meta.profile claims and required profiles are checked in a single pass. Owned by one pooled validator
/// and only touched by the caller that holds it.
/// </summary>
internal sealed class ProfileSelection(Func<string, bool> isKnown)
{
    private readonly Dictionary<string, Firely.Fhir.Validation.Canonical[]> _byLocation = new(StringComparer.Ordinal);

    public void Require(string location, IEnumerable<string> profiles) =>
        _byLocation[location] = [.. profiles.Select(p => new Firely.Fhir.Validation.Canonical(p))];

    public void Clear() => _byLocation.Clear();

    /// <summary>Firely callback: drop unknown claims (reported by the caller with their own location) and add required ones.</summary>
    public Firely.Fhir.Validation.Canonical[] Select(string location, Firely.Fhir.Validation.Canonical[] claimed, PocoNode input, ValidationSettings settings)
    {
        var known = claimed.Where(c => isKnown(c.ToString()));
        // Firely locates a Bundle entry's resource as "Bundle.entry[i].resource[0]".
        var key = location.EndsWith("[0]", StringComparison.Ordinal) ? location[..^3] : location;
        return _byLocation.Count > 0 && _byLocation.TryGetValue(key, out var required)
            ? [.. known.Concat(required).DistinctBy(c => c.ToString())]
            : [.. known];
    }
}
