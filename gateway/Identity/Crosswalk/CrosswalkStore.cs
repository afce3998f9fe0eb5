using Lead.Auth.Storage;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>
/// Writes the crosswalk. Writes are serialized in this process, so two records arriving together cannot each start a
/// person for the same human; every write is one transaction.
/// </summary>
internal sealed class CrosswalkStore(IDbContextFactory<IdentityDbContext> contexts, LinkRules rules, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await SchemaMigrator.MigrateAsync(db, ct);
    }

    /// <summary>Adds or refreshes a source's Patient and (re)decides its person; an asserted link stands.</summary>
    public async Task<RecordRow> UpsertAsync(PatientFacts facts, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var now = time.GetUtcNow();
            var record = await db.Records.FindAsync([facts.Source, facts.PatientId], ct);
            await db.Identifiers.Where(i => i.Source == facts.Source && i.PatientId == facts.PatientId).ExecuteDeleteAsync(ct);
            db.Identifiers.AddRange(facts.Identifiers.Select(i => new IdentifierRow
            {
                Source = facts.Source, PatientId = facts.PatientId, Kind = i.Kind, System = i.System, Value = i.Value,
            }));

            var decision = record?.AssertedBy is null ? await rules.DecideAsync(db, facts, record, ct) : null;
            if (record is null)
            {
                record = new RecordRow { Source = facts.Source, PatientId = facts.PatientId, PersonId = "", Reason = "" };
                db.Records.Add(record);
            }

            (record.Family, record.Given, record.BirthDate, record.Gender, record.PostalCode) = facts.Demographics;
            record.SeenAt = now;
            if (decision is not null)
            {
                await ApplyAsync(db, record, decision, now, ct);
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return record;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets a record the source deleted.</summary>
    public async Task RemoveAsync(string source, string patientId, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            await db.Identifiers.Where(i => i.Source == source && i.PatientId == patientId).ExecuteDeleteAsync(ct);
            await db.Records.Where(r => r.Source == source && r.PatientId == patientId).ExecuteDeleteAsync(ct);
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Forgets the source's records a complete read did not return; returns how many. A link a client asserted
    /// (<c>$link</c>) is kept: absence from one read is not enough to undo a person's decision.
    /// </summary>
    public async Task<int> RemoveUnseenAsync(string source, IReadOnlySet<string> seen, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var known = await db.Records.AsNoTracking().Where(r => r.Source == source && r.AssertedBy == null).Select(r => r.PatientId).ToListAsync(ct);
        var gone = known.Where(id => !seen.Contains(id)).ToList();
        foreach (var id in gone)
        {
            await RemoveAsync(source, id, ct);
        }

        return gone.Count;
    }

    /// <summary>
    /// Puts the records into one person (<paramref name="personId"/>, or the first record's), as asserted by a client.
    /// Null when a record or the person is unknown.
    /// </summary>
    public async Task<string?> LinkAsync(IReadOnlyList<(string Source, string PatientId)> records, string? personId, string assertedBy, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            await using var db = await contexts.CreateDbContextAsync(ct);
            var rows = new List<RecordRow>();
            foreach (var (source, patientId) in records)
            {
                if (await db.Records.FindAsync([source, patientId], ct) is not { } row)
                {
                    return null;
                }

                rows.Add(row);
            }

            var target = personId ?? rows[0].PersonId;
            if (!await db.Persons.AnyAsync(p => p.Id == target, ct))
            {
                return null;
            }

            var now = time.GetUtcNow();
            foreach (var row in rows)
            {
                (row.PersonId, row.Reason, row.AssertedBy, row.LinkedAt) = (target, $"asserted by {assertedBy}", assertedBy, now);
            }

            await db.SaveChangesAsync(ct);
            return target;
        }
        finally
        {
            gate.Release();
        }
    }

    public void Dispose() => gate.Dispose();

    private static async Task ApplyAsync(IdentityDbContext db, RecordRow record, LinkDecision decision, DateTimeOffset now, CancellationToken ct)
    {
        var person = decision.PersonId;
        if (person is null)
        {
            person = PersonIds.New();
            db.Persons.Add(new PersonRow { Id = person, CreatedAt = now });
        }

        if (record.PersonId != person || record.Reason != decision.Reason)
        {
            (record.PersonId, record.Reason, record.LinkedAt) = (person, decision.Reason, now);
        }

        if (decision.Reason != LinkDecision.NewPerson)
        {
            // The record that started the person was "new"; now that another shares its identifier, it is linked for that reason.
            var anchors = await db.Records.Where(r => r.PersonId == person && r.Reason == LinkDecision.NewPerson && r.AssertedBy == null).ToListAsync(ct);
            foreach (var anchor in anchors.Where(a => a != record))
            {
                (anchor.Reason, anchor.LinkedAt) = (decision.Reason, now);
            }
        }

        foreach (var conflict in decision.Conflicts)
        {
            conflict.PersonId = person;
            var known = await db.Conflicts.AnyAsync(c => c.Source == conflict.Source && c.PatientId == conflict.PatientId
                && c.System == conflict.System && c.Value == conflict.Value && c.OtherPersonId == conflict.OtherPersonId, ct);
            if (!known)
            {
                db.Conflicts.Add(conflict);
            }
        }
    }
}
