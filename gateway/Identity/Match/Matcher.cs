using System.Text.Json;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Storage;

namespace Lead.Gateway.Identity.Match;

/// <summary>
/// Scores crosswalk records against a Patient. A shared strong identifier is certain (1.0 for the record carrying it,
/// 0.99 for records the crosswalk links to the same person by identifier or assertion). Demographics alone are never
/// certain: score = 0.9 × weighted agreement, probable from 0.8 agreement (e.g. family, given and birth date), possible
/// from 0.5; a record whose strong identifier contradicts the input's is left out (certainly not).
/// </summary>
internal sealed class Matcher(CrosswalkQueries queries, IdentifierClassifier classifier)
{
    private const int DemographicCandidateLimit = 2000;
    private const double ProbableAgreement = 0.8;
    private const double PossibleAgreement = 0.5;

    public async Task<List<MatchCandidate>> MatchAsync(JsonElement patient, CancellationToken ct)
    {
        var identifiers = PatientFacts.ReadIdentifiers(patient, classifier);
        var wanted = PatientFacts.ReadDemographics(patient);
        var candidates = new Dictionary<(string, string), MatchCandidate>();

        var direct = new List<RecordRow>();
        foreach (var identifier in identifiers)
        {
            direct.AddRange(await queries.ByIdentifierAsync(identifier, ct));
        }

        var directKeys = direct.Select(r => (r.Source, r.PatientId)).ToHashSet();
        var persons = direct.Select(r => r.PersonId).Distinct().ToList();
        foreach (var record in persons.Count == 0 ? [] : await queries.OfPersonsAsync(persons, ct))
        {
            var key = (record.Source, record.PatientId);
            candidates[key] = directKeys.Contains(key) ? Candidate(record, 1.0, MatchCandidate.Certain)
                : record.Reason.StartsWith("demographics", StringComparison.Ordinal) ? Demographic(record, wanted, floor: true)!
                : Candidate(record, 0.99, MatchCandidate.Certain);
        }

        foreach (var record in await queries.DemographicCandidatesAsync(wanted, PossibleAgreement, DemographicCandidateLimit, ct))
        {
            if (candidates.ContainsKey((record.Source, record.PatientId)) || Demographic(record, wanted, floor: false) is not { } candidate)
            {
                continue;
            }

            if (identifiers.Count > 0 && Contradicts(identifiers, await queries.IdentifiersAsync(record.Source, record.PatientId, ct)))
            {
                continue;
            }

            candidates[(record.Source, record.PatientId)] = candidate;
        }

        return [.. candidates.Values.OrderByDescending(c => c.Score).ThenBy(c => c.PersonId, StringComparer.Ordinal)
            .ThenBy(c => c.Source, StringComparer.Ordinal).ThenBy(c => c.PatientId, StringComparer.Ordinal)];
    }

    private static MatchCandidate Candidate(RecordRow record, double score, string grade) =>
        new(record.Source, record.PatientId, record.PersonId, score, grade);

    /// <param name="floor">A record linked into the matched person by demographics stays at least possible.</param>
    private static MatchCandidate? Demographic(RecordRow record, Demographics wanted, bool floor)
    {
        var agreement = Math.Round(wanted.Score(RecordDemographics.Of(record)), 2);
        var grade = agreement >= ProbableAgreement ? MatchCandidate.Probable : agreement >= PossibleAgreement || floor ? MatchCandidate.Possible : null;
        return grade is null ? null : Candidate(record, Math.Round(0.9 * agreement, 2), grade);
    }

    private static bool Contradicts(IReadOnlyList<StrongIdentifier> wanted, IReadOnlyList<IdentifierRow> theirs) =>
        wanted.Any(w => theirs.Any(t => t.System == w.System) && !theirs.Any(t => t.System == w.System && t.Value == w.Value));
}
