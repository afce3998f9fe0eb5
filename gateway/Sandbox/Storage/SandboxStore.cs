using Lead.Auth.Storage;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Search;
using Lead.Gateway.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Sandbox.Storage;

/// <summary>
/// The sandbox sources' data, usable without HTTP (the HTTP servers, the <c>import</c> command, seeding and later
/// features all go through it). Writes are serialized and raise <see cref="Changed"/> after commit.
/// </summary>
internal sealed class SandboxStore(IDbContextFactory<SandboxDbContext> contexts, TimeProvider time, ILogger<SandboxStore> logger) : IDisposable
{
    // The read path is benchmarked: a compiled, untracked query over the (source, type, current, id) index.
    private static readonly Func<SandboxDbContext, string, string, string, Task<SandboxResourceRow?>> CurrentQuery =
        EF.CompileAsyncQuery((SandboxDbContext db, string source, string type, string id) =>
            db.Resources.AsNoTracking().FirstOrDefault(r => r.Source == source && r.Type == type && r.IsCurrent && r.Id == id));

    private readonly SemaphoreSlim writeGate = new(1, 1);

    /// <summary>Committed changes, in commit order. Handlers run on the writer's thread: keep them short (hand off to a channel).</summary>
    public event EventHandler<SandboxChangedEventArgs>? Changed;

    public async Task EnsureSchemaAsync(CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        await SchemaMigrator.MigrateAsync(db, ct);
    }

    /// <summary>The current version (possibly a deletion marker: <see cref="StoredResource.Deleted"/>), or null if never stored.</summary>
    public async Task<StoredResource?> ReadAsync(string source, string type, string id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await CurrentQuery(db, source, type, id);
        return row is null ? null : StoredResource.From(row);
    }

    public async Task<StoredResource?> VReadAsync(string source, string type, string id, int versionId, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var row = await db.Resources.AsNoTracking()
            .FirstOrDefaultAsync(r => r.Source == source && r.Type == type && r.Id == id && r.VersionId == versionId, ct);
        return row is null ? null : StoredResource.From(row);
    }

    /// <summary>All versions, newest first.</summary>
    public async Task<IReadOnlyList<StoredResource>> HistoryAsync(string source, string type, string id, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var rows = await db.Resources.AsNoTracking()
            .Where(r => r.Source == source && r.Type == type && r.Id == id)
            .OrderByDescending(r => r.VersionId)
            .ToListAsync(ct);
        return [.. rows.Select(StoredResource.From)];
    }

    public async Task<SearchResult> SearchAsync(string source, string type, SearchRequest request, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await SearchQuery.ExecuteAsync(db, source, type, request, ct);
    }

    /// <summary>How many resources (current, not deleted) a source holds.</summary>
    public async Task<int> CountAsync(string source, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Resources.CountAsync(r => r.Source == source && r.IsCurrent && !r.Deleted, ct);
    }

    /// <summary>Whether a source ever held anything (deleted resources count): false means "seed me".</summary>
    public async Task<bool> HasAnyAsync(string source, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        return await db.Resources.AnyAsync(r => r.Source == source, ct);
    }

    /// <summary>Versions of all resources of a type, newest first, optionally since an instant (type-level history).</summary>
    public async Task<IReadOnlyList<StoredResource>> TypeHistoryAsync(string source, string type, DateTimeOffset? since, int count, CancellationToken ct)
    {
        await using var db = await contexts.CreateDbContextAsync(ct);
        var sinceTicks = since?.UtcTicks ?? 0;
        var rows = await db.Resources.AsNoTracking()
            .Where(r => r.Source == source && r.Type == type && r.LastUpdated >= sinceTicks)
            .OrderByDescending(r => r.LastUpdated).ThenBy(r => r.Id).ThenByDescending(r => r.VersionId)
            .Take(count)
            .ToListAsync(ct);
        return [.. rows.Select(StoredResource.From)];
    }

    /// <summary>Opens a unit of work (one DB transaction, exclusive writer). Dispose without commit rolls back.</summary>
    public Task<SandboxUnitOfWork> BeginAsync(CancellationToken ct) => SandboxUnitOfWork.BeginAsync(this, writeGate, contexts, time, ct);

    public Task<WriteResult> CreateAsync(string source, Resource resource, string? ifNoneExist, CancellationToken ct) =>
        WriteAsync(uow => uow.CreateAsync(source, resource, ifNoneExist, null, ct), ct);

    public Task<WriteResult> UpdateAsync(string source, Resource resource, int? ifMatch, CancellationToken ct) =>
        WriteAsync(uow => uow.UpdateAsync(source, resource, ifMatch, ct), ct);

    public Task<WriteResult> DeleteAsync(string source, string type, string id, CancellationToken ct) =>
        WriteAsync(uow => uow.DeleteAsync(source, type, id, ct), ct);

    /// <summary>
    /// Stores resources with their own ids (update-as-create), all in one transaction. Sets meta.versionId and
    /// meta.lastUpdated on the given objects, as on every write.
    /// </summary>
    public Task<int> ImportAsync(string source, IReadOnlyList<Resource> resources, CancellationToken ct) =>
        WriteAsync(uow => uow.ImportAsync(source, resources, ct), ct);

    public void Dispose() => writeGate.Dispose();

    /// <summary>
    /// Stores raw JSON resources with their own ids, <paramref name="batchSize"/> per transaction. The first invalid one
    /// throws a <see cref="Fhir.SandboxException"/> naming its position; batches before it stay committed.
    /// </summary>
    public async Task<int> ImportJsonAsync(string source, IEnumerable<string> resources, CancellationToken ct, int batchSize = 500)
    {
        var loaded = 0;
        var position = 0;
        foreach (var chunk in resources.Chunk(batchSize))
        {
            var parsed = new List<Resource>(chunk.Length);
            foreach (var json in chunk)
            {
                try
                {
                    parsed.Add(Fhir.FhirJson.Parse(json));
                }
                catch (Fhir.SandboxException ex)
                {
                    throw new Fhir.SandboxException($"Resource {position} could not be read: {ex.Message}", ex);
                }

                position++;
            }

            loaded += await ImportAsync(source, parsed, ct);
        }

        return loaded;
    }

    internal void Publish(IReadOnlyList<SandboxChange> changes)
    {
        if (changes.Count == 0 || Changed is null)
        {
            return;
        }

        var args = new SandboxChangedEventArgs([.. changes]);
        foreach (var handler in Changed.GetInvocationList().Cast<EventHandler<SandboxChangedEventArgs>>())
        {
            try
            {
                handler(this, args);
            }
            catch (Exception ex)
            {
                // The write is committed: a failing observer must not turn it into an error for the client.
                logger.LogError(ex, "A sandbox change observer failed");
            }
        }
    }

    private async Task<T> WriteAsync<T>(Func<SandboxUnitOfWork, Task<T>> write, CancellationToken ct)
    {
        await using var uow = await BeginAsync(ct);
        var result = await write(uow);
        await uow.CommitAsync(ct);
        return result;
    }
}
