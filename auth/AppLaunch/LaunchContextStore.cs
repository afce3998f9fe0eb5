using System.Security.Cryptography;
using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.AppLaunch;

/// <summary>EHR launch contexts in the shared database: opaque ids, short-lived, consumed by the launch they start.</summary>
internal sealed class LaunchContextStore(IDbContextFactory<SmartAuthDbContext> contexts, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    public async Task<(string Id, TimeSpan Lifetime)> CreateAsync(
        string patientId, string? encounterId, string clientId, string fhirBase, string createdBy, CancellationToken cancellationToken)
    {
        var id = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.LaunchContexts.Add(new LaunchContextEntry
        {
            Id = id,
            PatientId = patientId,
            EncounterId = encounterId,
            ClientId = clientId,
            FhirBase = fhirBase,
            CreatedBy = createdBy,
            ExpiresAtUnixSeconds = (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return (id, Lifetime);
    }

    /// <summary>
    /// The live launch context for <paramref name="clientId"/>, or null (unknown, expired, bound to another client, or
    /// bound to none: a launch id is a bearer capability, so only the app it was made for may use it).
    /// </summary>
    public async Task<LaunchContextEntry?> FindAsync(string id, string clientId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entry = await db.LaunchContexts.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        return entry is not null && entry.ExpiresAtUnixSeconds > now && entry.ClientId == clientId ? entry : null;
    }

    /// <summary>Deletes the context; false when another request consumed it first.</summary>
    public async Task<bool> ConsumeAsync(string id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LaunchContexts.Where(e => e.Id == id).ExecuteDeleteAsync(cancellationToken) == 1;
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.LaunchContexts.Where(e => e.ExpiresAtUnixSeconds <= now).ExecuteDeleteAsync(cancellationToken);
    }
}
