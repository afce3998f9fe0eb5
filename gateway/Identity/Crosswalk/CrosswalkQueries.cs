using Lead.Gateway.Identity.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>Reads of the crosswalk for $match, $everything and the tests: untracked, no lock.</summary>
internal sealed class CrosswalkQueries(IDbContextFactory<IdentityDbContext> contexts)
{
    /// <summary>Records carrying the identifier.</summary>
    public async Task<IReadOnlyList<RecordRow>> ByIdentifierAsync(StrongIdentifier identifier, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await (from i in db.Identifiers.AsNoTracking()
                      where i.Value == identifier.Value && i.System == identifier.System
                      join r in db.Records.AsNoTracking() on new { i.Source, i.PatientId } equals new { r.Source, r.PatientId }
                      select r).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<RecordRow>> OfPersonsAsync(IReadOnlyCollection<string> personIds, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Records.AsNoTracking().Where(r => personIds.Contains(r.PersonId))
            .OrderBy(r => r.Source).ThenBy(r => r.PatientId).ToListAsync(ct);
    }

    public async Task<RecordRow?> RecordAsync(string source, string patientId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Records.AsNoTracking().FirstOrDefaultAsync(r => r.Source == source && r.PatientId == patientId, ct);
    }

    public async Task<IReadOnlyList<IdentifierRow>> IdentifiersAsync(string source, string patientId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Identifiers.AsNoTracking().Where(i => i.Source == source && i.PatientId == patientId).ToListAsync(ct);
    }

    /// <summary>Records worth scoring against the demographics: same birth date or same family name (both indexed).</summary>
    public async Task<IReadOnlyList<RecordRow>> DemographicCandidatesAsync(Demographics wanted, int limit, CancellationToken ct)
    {
        if (wanted.BirthDate is null && wanted.Family is null)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Records.AsNoTracking()
            .Where(r => (wanted.BirthDate != null && r.BirthDate == wanted.BirthDate) || (wanted.Family != null && r.Family == wanted.Family))
            .OrderBy(r => r.Source).ThenBy(r => r.PatientId)
            .Take(limit)
            .ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ConflictRow>> ConflictsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Conflicts.AsNoTracking().ToListAsync(ct);
    }
}
