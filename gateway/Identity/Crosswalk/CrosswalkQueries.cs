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

    /// <summary>
    /// Records worth scoring against the demographics, best first: same birth date or same family name (both indexed),
    /// ranked in the store by the same weighted agreement <see cref="Demographics.Score"/> computes, and only those that
    /// reach <paramref name="minimumAgreement"/>. Ranking before the cap matters: with a common family name the records
    /// sharing it can outnumber the cap many times over, and the one that also agrees on birth date, given name and postal
    /// code must not be cut off by an arbitrary (source, id) order.
    /// </summary>
    public async Task<IReadOnlyList<RecordRow>> DemographicCandidatesAsync(Demographics wanted, double minimumAgreement, int limit, CancellationToken ct)
    {
        if (wanted.BirthDate is null && wanted.Family is null)
        {
            return [];
        }

        // Tenths, so the store compares and sorts integers; the weights are all whole tenths.
        var (family, given, birthDate, gender, postalCode) = (wanted.Family, wanted.Given, wanted.BirthDate, wanted.Gender, wanted.PostalCode);
        var (familyWeight, givenWeight, birthDateWeight, genderWeight, postalCodeWeight) = (Tenths(Demographics.FamilyWeight),
            Tenths(Demographics.GivenWeight), Tenths(Demographics.BirthDateWeight), Tenths(Demographics.GenderWeight), Tenths(Demographics.PostalCodeWeight));
        var minimum = Tenths(minimumAgreement);

        await using var db = await contexts.CreateDbContextAsync(ct);
        var ranked = from r in db.Records.AsNoTracking()
                     where (birthDate != null && r.BirthDate == birthDate) || (family != null && r.Family == family)
                     // Absent data never counts as agreement: each term needs the wanted value to be present.
                     let agreement = (family != null && r.Family == family ? familyWeight : 0)
                         + (given != null && r.Given == given ? givenWeight : 0)
                         + (birthDate != null && r.BirthDate == birthDate ? birthDateWeight : 0)
                         + (gender != null && r.Gender == gender ? genderWeight : 0)
                         + (postalCode != null && r.PostalCode == postalCode ? postalCodeWeight : 0)
                     where agreement >= minimum
                     orderby agreement descending, r.Source, r.PatientId
                     select r;
        return await ranked.Take(limit).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ConflictRow>> ConflictsAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Conflicts.AsNoTracking().ToListAsync(ct);
    }

    private static int Tenths(double weight) => (int)Math.Round(weight * 10, MidpointRounding.AwayFromZero);
}
