using Lead.Gateway.Identity.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>
/// Decides a record's person. A link needs a shared strong identifier (same MBI, same Medicaid ID system and value, same
/// HIE MPI id); demographics count only when configuration allows and the score reaches the threshold. An identifier
/// pointing at two persons, or a person already holding another value of the same identifier system, is recorded as a
/// conflict and never merged.
/// </summary>
internal sealed class LinkRules(IOptions<IdentityOptions> options, TimeProvider time)
{
    public async Task<LinkDecision> DecideAsync(IdentityDbContext db, PatientFacts facts, RecordRow? current, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var values = facts.Identifiers.Select(i => i.Value).Distinct().ToList();
        var hits = (await (from i in db.Identifiers
                           where values.Contains(i.Value) && !(i.Source == facts.Source && i.PatientId == facts.PatientId)
                           join r in db.Records on new { i.Source, i.PatientId } equals new { r.Source, r.PatientId }
                           select new { i.System, i.Value, i.Kind, r.PersonId }).ToListAsync(ct))
            .Where(h => facts.Identifiers.Any(f => f.System == h.System && f.Value == h.Value))
            .ToList();
        var persons = hits.GroupBy(h => h.PersonId)
            .Select(g => (Person: g.Key, Best: g.MinBy(h => StrongIdentifier.Rank(h.Kind))!))
            .OrderBy(p => StrongIdentifier.Rank(p.Best.Kind))
            .ThenBy(p => p.Person == current?.PersonId ? 0 : 1)
            .ThenBy(p => p.Person, StringComparer.Ordinal)
            .ToList();

        var conflicts = new List<ConflictRow>();
        ConflictRow Conflict(string system, string value, string person, string other, string kind) => new()
        {
            Source = facts.Source, PatientId = facts.PatientId, System = system, Value = value,
            PersonId = person, OtherPersonId = other, Kind = kind, DetectedAt = now,
        };

        if (persons.Count > 0)
        {
            var (chosen, best) = persons[0];
            var contradiction = await ContradictionAsync(db, facts, chosen, ct);
            if (contradiction is null)
            {
                conflicts.AddRange(persons.Skip(1).Select(p => Conflict(p.Best.System, p.Best.Value, chosen, p.Person, "identifier-points-elsewhere")));
                return new LinkDecision(chosen, best.Kind, conflicts);
            }

            conflicts.Add(Conflict(contradiction.System, contradiction.Value, current?.PersonId ?? "", chosen, "identifier-contradicts"));
        }

        if (options.Value.AllowDemographicLinks && !facts.Demographics.IsEmpty && await ByDemographicsAsync(db, facts, ct) is { } similar)
        {
            return new LinkDecision(similar.Person, $"demographics {similar.Score:0.00}", conflicts);
        }

        // Nothing links it: a record alone in its person stays there (ids stay stable); one that lost its link gets a new person.
        var alone = current is not null && !await db.Records.AnyAsync(
            r => r.PersonId == current.PersonId && !(r.Source == facts.Source && r.PatientId == facts.PatientId), ct);
        return new LinkDecision(alone ? current!.PersonId : null, LinkDecision.NewPerson, conflicts);
    }

    /// <summary>An identifier of the record whose system the person already holds with another value (two MBIs for one person).</summary>
    private static async Task<StrongIdentifier?> ContradictionAsync(IdentityDbContext db, PatientFacts facts, string person, CancellationToken ct)
    {
        var systems = facts.Identifiers.Select(i => i.System).Distinct().ToList();
        var theirs = await (from r in db.Records
                            where r.PersonId == person && !(r.Source == facts.Source && r.PatientId == facts.PatientId)
                            join i in db.Identifiers on new { r.Source, r.PatientId } equals new { i.Source, i.PatientId }
                            where systems.Contains(i.System)
                            select new { i.System, i.Value }).ToListAsync(ct);
        return facts.Identifiers.FirstOrDefault(mine =>
            theirs.Any(t => t.System == mine.System) && !theirs.Any(t => t.System == mine.System && t.Value == mine.Value));
    }

    private async Task<(string Person, double Score)?> ByDemographicsAsync(IdentityDbContext db, PatientFacts facts, CancellationToken ct)
    {
        var birthDate = facts.Demographics.BirthDate;
        if (birthDate is null)
        {
            return null;
        }

        var candidates = await db.Records.AsNoTracking()
            .Where(r => r.BirthDate == birthDate && !(r.Source == facts.Source && r.PatientId == facts.PatientId))
            .Take(500)
            .ToListAsync(ct);
        var best = candidates
            .Select(r => (r.PersonId, Score: facts.Demographics.Score(RecordDemographics.Of(r))))
            .Where(c => c.Score >= options.Value.DemographicThreshold - 1e-9)
            .OrderByDescending(c => c.Score)
            .ToList();
        // Two different persons equally similar: the score cannot justify either.
        return best.Count == 0 || (best.Count > 1 && best[1].Score == best[0].Score && best[1].PersonId != best[0].PersonId)
            ? null
            : (best[0].PersonId, best[0].Score);
    }
}
