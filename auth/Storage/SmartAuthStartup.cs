using Lead.Auth.AppLaunch;
using Lead.Auth.BackendServices;
using Lead.Auth.Clients;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Lead.Auth.Storage;

/// <summary>
/// Before the server listens: creates the tables and synchronizes <c>Auth:Clients</c> into the store. Afterwards, every
/// few minutes, drops expired replay entries, launch contexts and old OpenIddict tokens so tables stay bounded.
/// </summary>
internal sealed class SmartAuthStartup(
    IServiceScopeFactory scopes, IOptions<SmartAuthOptions> options, TimeProvider time, ILogger<SmartAuthStartup> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<SmartAuthDbContext>>();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await SchemaMigrator.MigrateAsync(db, cancellationToken);
            await ClientSynchronizer.SynchronizeAsync(scope.ServiceProvider.GetRequiredService<ClientRegistry>(), options.Value.Clients, logger, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                await services.GetRequiredService<AssertionReplayCache>().PurgeExpiredAsync(stoppingToken);
                await services.GetRequiredService<LaunchContextStore>().PurgeExpiredAsync(stoppingToken);
                await services.GetRequiredService<IOpenIddictTokenManager>().PruneAsync(time.GetUtcNow().AddDays(-1), stoppingToken);
                await services.GetRequiredService<IOpenIddictAuthorizationManager>().PruneAsync(time.GetUtcNow().AddDays(-1), stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Pruning expired authorization data failed; will retry.");
            }
        }
    }
}
