using Lead.Gateway.Sandbox.BulkExport;
using Lead.Gateway.Sandbox.Http;
using Lead.Gateway.Sandbox.Seeding;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lead.Gateway.Sandbox;

internal static class SandboxExtensions
{
    /// <summary>Registers the embedded sandbox FHIR servers (started by a hosted service, seeded at first start).</summary>
    public static WebApplicationBuilder AddSandbox(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.DefaultPageSize <= o.MaxPageSize, "Sandbox:DefaultPageSize must not exceed Sandbox:MaxPageSize.")
            .Validate(
                o => Uri.TryCreate(o.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https",
                "Sandbox:Url must be an absolute http(s) URL such as http://127.0.0.1:0.")
            .ValidateOnStart();
        builder.Services.AddSingleton<SandboxAddress>();
        // The store is usable whether or not the servers run (import, later features); only the servers are optional.
        builder.Services.AddSandboxStore();
        var sandbox = builder.Configuration.GetSection(SandboxOptions.SectionName).Get<SandboxOptions>() ?? new SandboxOptions();
        if (sandbox.Enabled)
        {
            builder.Services.TryAddSingleton<SandboxPopulation>();
            builder.Services.AddSingleton<SandboxSeeder>();
            builder.Services.AddSingleton<SandboxOperations>();
            builder.Services.AddSingleton<BundleProcessor>();
            builder.Services.AddSingleton<SandboxPatch>();
            builder.Services.AddSingleton<SandboxExportJobs>();
            builder.Services.AddSingleton<SandboxBulkExport>();
            builder.Services.AddSingleton<SandboxHttpHandler>();
            builder.Services.AddHostedService<SandboxServer>();
        }

        return builder;
    }

    /// <summary><see cref="SandboxStore"/> and its DbContext over the shared store (needs <see cref="GatewayStore"/> registered).</summary>
    public static IServiceCollection AddSandboxStore(this IServiceCollection services)
    {
        services.AddGatewayDbContext<SandboxDbContext>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SandboxStore>();
        return services;
    }
}
