using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;
using Lead.Gateway.Sandbox.Search;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Lead.Gateway.Sandbox.Storage;

/// <summary>
/// Writes inside one database transaction, holding the store's write gate: a single write, a whole FHIR transaction
/// Bundle or an import batch. Nothing is visible to others, and no change event fires, before <see cref="CommitAsync"/>.
/// </summary>
internal sealed partial class SandboxUnitOfWork : IAsyncDisposable
{
    private readonly SandboxStore store;
    private readonly SemaphoreSlim gate;
    private readonly IDbContextTransaction transaction;
    private readonly TimeProvider time;
    private readonly List<SandboxChange> changes = [];
    private bool committed;

    private SandboxUnitOfWork(SandboxStore store, SemaphoreSlim gate, SandboxDbContext db, IDbContextTransaction transaction, TimeProvider time)
    {
        this.store = store;
        this.gate = gate;
        Db = db;
        this.transaction = transaction;
        this.time = time;
    }

    public SandboxDbContext Db { get; }

    internal static async Task<SandboxUnitOfWork> BeginAsync(SandboxStore store, SemaphoreSlim gate, IDbContextFactory<SandboxDbContext> contexts,
        TimeProvider time, CancellationToken ct)
    {
        // One writer at a time: versions are read-then-incremented, and SQLite has one writer anyway.
        await gate.WaitAsync(ct);
        SandboxDbContext? db = null;
        try
        {
            db = await contexts.CreateDbContextAsync(ct);
            var transaction = await db.Database.BeginTransactionAsync(ct);
            return new SandboxUnitOfWork(store, gate, db, transaction, time);
        }
        catch
        {
            if (db is not null)
            {
                await db.DisposeAsync();
            }

            gate.Release();
            throw;
        }
    }

    /// <summary>Ids of current resources matching a conditional query (<c>identifier=sys|val</c>, optionally prefixed <c>Type?</c>).</summary>
    public async Task<List<string>> FindAsync(string source, string type, string condition, CancellationToken ct)
    {
        var query = condition.Contains('?', StringComparison.Ordinal) ? condition[condition.IndexOf('?', StringComparison.Ordinal)..] : "?" + condition;
        var parameters = QueryHelpers.ParseQuery(query).SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? "")));
        var request = SearchRequest.Parse(type, parameters, 2, 2);
        if (request.Unknown.Count > 0 || request.Criteria.Count == 0)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Invalid,
                $"Conditional query '{condition}' uses parameters this server cannot search: {string.Join(", ", request.Unknown.DefaultIfEmpty("(none)"))}.");
        }

        return await SearchQuery.Matches(Db, source, type, request).Select(r => r.Id).Take(2).ToListAsync(ct);
    }

    public async Task<WriteResult> CreateAsync(string source, Resource resource, string? ifNoneExist, string? assignedId, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(ifNoneExist))
        {
            var matches = await FindAsync(source, resource.TypeName, ifNoneExist, ct);
            if (matches.Count > 1)
            {
                throw new SandboxException(412, OperationOutcome.IssueType.Duplicate,
                    $"If-None-Exist '{ifNoneExist}' matches more than one {resource.TypeName}: refusing to guess.");
            }

            if (matches.Count == 1)
            {
                return new WriteResult(WriteKind.Existing, StoredResource.From((await CurrentAsync(source, resource.TypeName, matches[0], ct))!));
            }
        }

        // The server assigns ids on create, whatever the body says.
        resource.Id = assignedId ?? Guid.NewGuid().ToString();
        return new WriteResult(WriteKind.Created, await WriteVersionAsync(source, resource, null, SandboxChangeAction.Create, ct));
    }

    public async Task<WriteResult> UpdateAsync(string source, Resource resource, int? ifMatch, CancellationToken ct)
    {
        var id = ValidId(resource.Id);
        var current = await CurrentAsync(source, resource.TypeName, id, ct);
        if (ifMatch is int expected && (current is null || current.Deleted || current.VersionId != expected))
        {
            throw new SandboxException(412, OperationOutcome.IssueType.Conflict,
                $"If-Match expected version {expected} but {resource.TypeName}/{id} is at {(current is null ? "no version" : current.VersionId.ToString(CultureInfo.InvariantCulture))}{(current?.Deleted == true ? " (deleted)" : "")}.");
        }

        var created = current is null || current.Deleted;
        var stored = await WriteVersionAsync(source, resource, current, created ? SandboxChangeAction.Create : SandboxChangeAction.Update, ct);
        return new WriteResult(created ? WriteKind.Created : WriteKind.Updated, stored);
    }

    public async Task<WriteResult> DeleteAsync(string source, string type, string id, CancellationToken ct)
    {
        var current = await CurrentAsync(source, type, id, ct);
        if (current is null || current.Deleted)
        {
            return new WriteResult(WriteKind.NothingToDelete, null);
        }

        await RetireCurrentAsync(source, type, [id], ct);
        var row = new SandboxResourceRow
        {
            Source = source, Type = type, Id = id, VersionId = current.VersionId + 1, LastUpdated = NowTicks(), IsCurrent = true, Deleted = true,
        };
        Db.Resources.Add(row);
        await Db.SaveChangesAsync(ct);
        changes.Add(new SandboxChange(source, type, id, row.VersionId, SandboxChangeAction.Delete));
        return new WriteResult(WriteKind.Deleted, StoredResource.From(row));
    }

    /// <summary>Loads resources with their own ids (update-as-create), in one SaveChanges: the fast path of seeding and import.</summary>
    public async Task<int> ImportAsync(string source, IReadOnlyList<Resource> resources, CancellationToken ct)
    {
        var versions = new Dictionary<(string Type, string Id), int>();
        foreach (var group in resources.GroupBy(r => r.TypeName))
        {
            var type = group.Key;
            var ids = group.Select(r => ValidId(r.Id)).Distinct().ToList();
            var existing = await Db.Resources.AsNoTracking()
                .Where(r => r.Source == source && r.Type == type && r.IsCurrent && ids.Contains(r.Id))
                .Select(r => new { r.Id, r.VersionId })
                .ToListAsync(ct);
            if (existing.Count > 0)
            {
                await RetireCurrentAsync(source, type, [.. existing.Select(e => e.Id)], ct);
            }

            foreach (var row in existing)
            {
                versions[(type, row.Id)] = row.VersionId;
            }
        }

        // The same resource twice in one batch: only the last occurrence is current and indexed, the others are history.
        var last = new Dictionary<(string Type, string Id), int>();
        for (var i = 0; i < resources.Count; i++)
        {
            last[(resources[i].TypeName, ValidId(resources[i].Id))] = i;
        }

        var now = NowTicks();
        using var insert = new SandboxBulkInsert(Db.Database.GetDbConnection(), transaction.GetDbTransaction());
        for (var i = 0; i < resources.Count; i++)
        {
            var resource = resources[i];
            var id = ValidId(resource.Id);
            var key = (resource.TypeName, id);
            var version = versions.GetValueOrDefault(key) + 1;
            versions[key] = version;
            var row = NewRow(source, resource, version, now);
            row.IsCurrent = last[key] == i;
            await insert.AddAsync(row, ct);
            if (row.IsCurrent)
            {
                var (tokens, references) = SearchIndexer.Extract(source, resource);
                foreach (var token in tokens)
                {
                    await insert.AddAsync(token, ct);
                }

                foreach (var reference in references)
                {
                    await insert.AddAsync(reference, ct);
                }
            }

            changes.Add(new SandboxChange(source, resource.TypeName, id, version, version == 1 ? SandboxChangeAction.Create : SandboxChangeAction.Update));
        }

        return resources.Count;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        await transaction.CommitAsync(ct);
        committed = true;
        store.Publish(changes);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!committed)
            {
                await transaction.RollbackAsync();
            }
        }
        finally
        {
            await transaction.DisposeAsync();
            await Db.DisposeAsync();
            gate.Release();
        }
    }

    internal Task<SandboxResourceRow?> CurrentAsync(string source, string type, string id, CancellationToken ct) =>
        Db.Resources.AsNoTracking().FirstOrDefaultAsync(r => r.Source == source && r.Type == type && r.Id == id && r.IsCurrent, ct);

    private async Task<StoredResource> WriteVersionAsync(string source, Resource resource, SandboxResourceRow? current, SandboxChangeAction action, CancellationToken ct)
    {
        if (current is not null)
        {
            await RetireCurrentAsync(source, resource.TypeName, [ValidId(resource.Id)], ct);
        }

        var row = NewRow(source, resource, (current?.VersionId ?? 0) + 1, NowTicks());
        var (tokens, references) = SearchIndexer.Extract(source, resource);
        Db.Resources.Add(row);
        Db.Tokens.AddRange(tokens);
        Db.References.AddRange(references);
        await Db.SaveChangesAsync(ct);
        Db.ChangeTracker.Clear();
        changes.Add(new SandboxChange(source, row.Type, row.Id, row.VersionId, action));
        return StoredResource.From(row);
    }

    private static SandboxResourceRow NewRow(string source, Resource resource, int version, long ticks)
    {
        resource.Meta ??= new Meta();
        resource.Meta.VersionId = version.ToString(CultureInfo.InvariantCulture);
        resource.Meta.LastUpdated = new DateTimeOffset(ticks, TimeSpan.Zero);
        return new SandboxResourceRow
        {
            Source = source, Type = resource.TypeName, Id = ValidId(resource.Id), VersionId = version, LastUpdated = ticks, IsCurrent = true,
            Json = FhirJson.Serialize(resource),
        };
    }

    private async Task RetireCurrentAsync(string source, string type, List<string> ids, CancellationToken ct)
    {
        await Db.Resources.Where(r => r.Source == source && r.Type == type && r.IsCurrent && ids.Contains(r.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.IsCurrent, false), ct);
        await Db.Tokens.Where(t => t.Source == source && t.Type == type && ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
        await Db.References.Where(t => t.Source == source && t.Type == type && ids.Contains(t.Id)).ExecuteDeleteAsync(ct);
    }

    // Millisecond precision: what meta.lastUpdated says is exactly what _lastUpdated compares.
    private long NowTicks()
    {
        var ticks = time.GetUtcNow().UtcTicks;
        return ticks - (ticks % TimeSpan.TicksPerMillisecond);
    }

    private static string ValidId(string? id) =>
        id is not null && IdPattern().IsMatch(id)
            ? id
            : throw new SandboxException(400, OperationOutcome.IssueType.Invalid, $"'{id}' is not a valid FHIR id ([A-Za-z0-9-.], 1 to 64 characters).", "id");

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex IdPattern();
}
