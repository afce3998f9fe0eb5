using Microsoft.Extensions.Logging;

namespace Lead.Auth.Clients;

/// <summary>
/// Makes the store match <c>Auth:Clients</c>: creates or updates each configured client and removes clients that an
/// earlier configuration created but the current one no longer lists. Clients added by the CLI or the sandbox stay.
/// </summary>
internal static class ClientSynchronizer
{
    public const string ConfigOrigin = "config";

    public static async Task SynchronizeAsync(
        ClientRegistry registry, IReadOnlyList<SmartClientOptions> configured, ILogger logger, CancellationToken cancellationToken)
    {
        foreach (var client in configured)
        {
            await registry.SaveAsync(client, ConfigOrigin, cancellationToken);
        }

        var wanted = configured.Select(c => c.ClientId).ToHashSet(StringComparer.Ordinal);
        foreach (var stale in (await registry.ListAsync(cancellationToken)).Where(c => c.Origin == ConfigOrigin && !wanted.Contains(c.ClientId)))
        {
            await registry.RemoveAsync(stale.ClientId, cancellationToken);
            logger.LogInformation("Removed client {ClientId}: no longer in Auth:Clients.", stale.ClientId);
        }
    }
}
