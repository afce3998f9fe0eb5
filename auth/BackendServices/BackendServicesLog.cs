using Microsoft.Extensions.Logging;

namespace Lead.Auth.BackendServices;

internal static class BackendServicesLog
{
    public static void LogClientAssertionRefused(this ILogger logger, string? clientId, string? reason) =>
        logger.LogWarning("Client assertion refused for client {ClientId}: {Reason}", clientId, reason);
}
