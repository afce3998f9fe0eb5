using Lead.Auth.Storage;
using Lead.Gateway.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Storage;

internal static class StorageExtensions
{
    public static IHostApplicationBuilder AddGatewayStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<GatewayStore>();
        builder.Services.AddHostedService<StoreInitializer>();
        return builder;
    }

    /// <summary>Registers a room's DbContext factory over the shared store. Rooms create their tables with <see cref="SchemaMigrator"/>.</summary>
    public static IServiceCollection AddGatewayDbContext<TContext>(this IServiceCollection services)
        where TContext : DbContext
    {
        services.AddPooledDbContextFactory<TContext>((sp, options) => sp.GetRequiredService<GatewayStore>().Configure(options));
        return services;
    }
}
