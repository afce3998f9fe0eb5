using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sandbox.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Sandbox.BulkExport;

/// <summary>
/// The sandbox servers' Bulk Data export jobs, kept as files under <c>{DataDirectory}/sandbox-exports/{source}/{job}/</c>:
/// <c>request.json</c> at kick-off, one NDJSON file per type, and <c>manifest.json</c> once every file is written. A job
/// whose generation was cut off (a restart) is generated again when next polled, so its status URL outlives the process,
/// as a real server's does.
/// </summary>
internal sealed class SandboxExportJobs(IDbContextFactory<SandboxDbContext> contexts, IOptions<GatewayOptions> gateway, TimeProvider time,
    ILogger<SandboxExportJobs> logger)
{
    private const string RequestFile = "request.json";
    private const string ManifestFile = "manifest.json";
    private const string FailedFile = "failed";
    private const string PolledFile = "polled";

    private readonly string root = Path.Combine(gateway.Value.ResolveDataDirectory(), "sandbox-exports");
    private readonly ConcurrentDictionary<string, (Task Task, CancellationTokenSource Cancel)> running = new(StringComparer.Ordinal);

    public sealed record Request(string Level, IReadOnlyList<string> Types, long SinceTicks, string RequestUrl, string TransactionTime);

    public sealed record File(string Type, string Name, long Count);

    public enum State
    {
        Missing,
        Running,
        Failed,
        Complete,
    }

    public string Start(string source, Request request)
    {
        var id = Guid.NewGuid().ToString("N");
        var directory = JobDirectory(source, id);
        Directory.CreateDirectory(directory);
        System.IO.File.WriteAllText(Path.Combine(directory, RequestFile), JsonSerializer.Serialize(request));
        EnsureRunning(source, id);
        return id;
    }

    public Request? ReadRequest(string source, string id)
    {
        var path = Path.Combine(JobDirectory(source, id), RequestFile);
        return System.IO.File.Exists(path) ? JsonSerializer.Deserialize<Request>(System.IO.File.ReadAllText(path)) : null;
    }

    /// <summary>The job's state; a job reported running at least once before complete, so a client always sees the 202 step.</summary>
    public State Poll(string source, string id, out IReadOnlyList<File> files)
    {
        files = [];
        var directory = JobDirectory(source, id);
        if (!Valid(id) || !System.IO.File.Exists(Path.Combine(directory, RequestFile)))
        {
            return State.Missing;
        }

        if (System.IO.File.Exists(Path.Combine(directory, FailedFile)))
        {
            return State.Failed;
        }

        var polled = Path.Combine(directory, PolledFile);
        var manifest = Path.Combine(directory, ManifestFile);
        if (!System.IO.File.Exists(polled) || !System.IO.File.Exists(manifest))
        {
            System.IO.File.WriteAllText(polled, "");
            EnsureRunning(source, id);
            return State.Running;
        }

        files = JsonSerializer.Deserialize<List<File>>(System.IO.File.ReadAllText(manifest)) ?? [];
        return State.Complete;
    }

    /// <summary>Path of one of a complete job's files, or null when the job or the file is not there.</summary>
    public string? FilePath(string source, string id, string name)
    {
        if (Poll(source, id, out var files) != State.Complete || files.All(f => f.Name != name))
        {
            return null;
        }

        return Path.Combine(JobDirectory(source, id), name);
    }

    public async Task<bool> DeleteAsync(string source, string id)
    {
        var directory = JobDirectory(source, id);
        if (!Valid(id) || !Directory.Exists(directory))
        {
            return false;
        }

        if (running.TryRemove(Key(source, id), out var job))
        {
            await job.Cancel.CancelAsync();
            try
            {
                await job.Task;
            }
            catch (OperationCanceledException)
            {
            }

            job.Cancel.Dispose();
        }

        Directory.Delete(directory, recursive: true);
        return true;
    }

    private void EnsureRunning(string source, string id)
    {
        if (System.IO.File.Exists(Path.Combine(JobDirectory(source, id), ManifestFile)))
        {
            return;
        }

        // Two status polls may arrive together: one generator per job (GetOrAdd may run its factory twice).
        lock (running)
        {
            if (running.ContainsKey(Key(source, id)))
            {
                return;
            }

            var cancel = new CancellationTokenSource();
            var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            running[Key(source, id)] = (Task.Run(async () =>
            {
                await registered.Task; // its own clean-up must find the entry
                await GenerateAsync(source, id, cancel.Token);
            }, CancellationToken.None), cancel);
            registered.SetResult();
        }
    }

    private async Task GenerateAsync(string source, string id, CancellationToken ct)
    {
        var directory = JobDirectory(source, id);
        try
        {
            var request = ReadRequest(source, id) ?? throw new InvalidOperationException("The export request is missing.");
            var files = new List<File>();
            await using var db = await contexts.CreateDbContextAsync(ct);
            foreach (var type in request.Types)
            {
                var name = type + ".ndjson";
                var count = await WriteTypeAsync(db, source, type, request.SinceTicks, Path.Combine(directory, name), ct);
                if (count > 0)
                {
                    files.Add(new File(type, name, count));
                }
            }

            var temporary = Path.Combine(directory, ManifestFile + ".tmp");
            await System.IO.File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(files), ct);
            System.IO.File.Move(temporary, Path.Combine(directory, ManifestFile), overwrite: true);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (Directory.Exists(directory))
        {
            logger.LogError(ex, "Sandbox export {JobId} of {Source} failed", id, source);
            await System.IO.File.WriteAllTextAsync(Path.Combine(directory, FailedFile), "", CancellationToken.None);
        }
        finally
        {
            if (running.TryRemove(Key(source, id), out var job))
            {
                job.Cancel.Dispose();
            }
        }
    }

    /// <summary>The current, not deleted resources of one type (changed after <c>_since</c>), one per line, read as a stream.</summary>
    private static async Task<long> WriteTypeAsync(SandboxDbContext db, string source, string type, long sinceTicks, string path, CancellationToken ct)
    {
        var count = 0L;
        var temporary = path + ".tmp";
        await using (var file = new StreamWriter(temporary, append: false, new UTF8Encoding(false)))
        {
            var rows = db.Resources.AsNoTracking()
                .Where(r => r.Source == source && r.Type == type && r.IsCurrent && !r.Deleted && r.LastUpdated > sinceTicks)
                .OrderBy(r => r.Id).Select(r => r.Json).AsAsyncEnumerable();
            await foreach (var json in rows.WithCancellation(ct))
            {
                if (json is null)
                {
                    continue;
                }

                await file.WriteAsync(json.Contains('\n', StringComparison.Ordinal) ? Compact(json) : json);
                await file.WriteAsync('\n');
                count++;
            }
        }

        System.IO.File.Move(temporary, path, overwrite: true);
        return count;
    }

    private static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    private string JobDirectory(string source, string id) => Path.Combine(root, source, id);

    private static string Key(string source, string id) => source + "/" + id;

    /// <summary>Ids are the sandbox's own (32 hex digits): nothing else from a URL reaches the file system.</summary>
    private static bool Valid(string id) => id.Length == 32 && id.All(Uri.IsHexDigit);

    internal DateTimeOffset Now => time.GetUtcNow();
}
