using Lead.Gateway.Sandbox;

namespace Lead.Gateway.Smart;

/// <summary>
/// Outside sandbox mode, says at start-up what leaves the hosted authorization server open to abuse: without
/// <c>Auth:Issuer</c> (or <c>Gateway:PublicBaseUrl</c>) the issuer and the audience a client assertion must name come
/// from each request's Host header, so an assertion made for another gateway could be replayed here under that name;
/// with <c>Auth:DisableTransportSecurityRequirement</c> tokens travel over plain HTTP.
/// </summary>
internal sealed class DeploymentChecks(IConfiguration configuration, ILogger<DeploymentChecks> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration.GetValue($"{SandboxOptions.SectionName}:Enabled", true))
        {
            return Task.CompletedTask;
        }

        if (string.IsNullOrWhiteSpace(configuration["Auth:Issuer"]))
        {
            logger.LogWarning("Auth:Issuer (or Gateway:PublicBaseUrl) is not set: the token issuer and the audience client assertions must name follow the request's Host header. Set it to the gateway's public URL.");
        }

        if (configuration.GetValue("Auth:DisableTransportSecurityRequirement", false))
        {
            logger.LogWarning("Auth:DisableTransportSecurityRequirement is true: the authorization server accepts plain HTTP. Serve HTTPS (or trust the TLS proxy with Gateway:KnownProxies) and set it to false.");
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
