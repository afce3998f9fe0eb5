using Lead.Gateway.Hosting;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Storage;

namespace Lead.Gateway.Sandbox.Import;

/// <summary><c>import --source ID PATH…</c>: loads NDJSON files into a sandbox source.</summary>
internal static class ImportCommand
{
    /// <returns>0 if anything loaded, 1 if everything was refused, 2 on a usage error.</returns>
    public static async Task<int> RunAsync(string[] args, IConfiguration configuration) =>
        await RunAsync(args, configuration, Console.Out, Console.Error, CancellationToken.None);

    internal static async Task<int> RunAsync(string[] args, IConfiguration configuration, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        var (arguments, usageError) = ImportArguments.Parse(args);
        if (arguments is null)
        {
            await error.WriteLineAsync(usageError);
            await error.WriteLineAsync(ImportArguments.Usage);
            return 2;
        }

        // The store only: no web server, no sandbox servers, no seeding.
        using var host = BuildHost(configuration);
        var gatewayStore = host.Services.GetRequiredService<GatewayStore>();
        var store = host.Services.GetRequiredService<SandboxStore>();
        await gatewayStore.InitializeAsync(ct);
        await store.EnsureSchemaAsync(ct);

        await output.WriteLineAsync($"Importing {arguments.Files.Count} file(s) into {arguments.Source}…");
        var report = await new NdjsonImporter(store, output).ImportAsync(arguments.Source, arguments.Files, ct);
        return report.Loaded > 0 ? 0 : 1;
    }

    private static IHost BuildHost(IConfiguration configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Services.AddLogging();
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Configure(options =>
            {
                // Same contract as the server: the top-level DataDirectory key wins.
                var top = configuration["DataDirectory"];
                if (!string.IsNullOrWhiteSpace(top))
                {
                    options.DataDirectory = top;
                }
            })
            .ValidateDataAnnotations();
        builder.AddGatewayStorage();
        builder.Services.AddSandboxStore();
        return builder.Build();
    }
}
