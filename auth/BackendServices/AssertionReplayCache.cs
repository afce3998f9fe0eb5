using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Auth.BackendServices;

/// <summary>
/// Replay cache for client assertion <c>jti</c> values, in the shared database so it holds across restarts and
/// replicas. The (client, jti) primary key makes "check and record" one atomic insert.
/// </summary>
internal sealed class AssertionReplayCache(IDbContextFactory<SmartAuthDbContext> contexts, TimeProvider time)
{
    public async Task<bool> TryRecordAsync(string clientId, string jti, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AssertionReplays.Add(new AssertionReplayEntry { ClientId = clientId, Jti = jti, ExpiresAtUnixSeconds = expiresAt.ToUnixTimeSeconds() });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Duplicate key: a replay. Any other write failure also refuses (fail closed).
            return false;
        }
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AssertionReplays.Where(e => e.ExpiresAtUnixSeconds < now).ExecuteDeleteAsync(cancellationToken);
    }
}
