using Lead.Auth.Clients;
using Lead.Gateway.Sandbox.Import;
using Lead.Gateway.Smart;
using Lead.Gateway.Storage;

namespace Lead.Gateway.Hosting;

/// <summary>
/// Command-line verbs that run against the same configuration and data directory as the server, then exit:
/// <c>import</c> (sandbox data) and <c>clients</c> (SMART client registrations).
/// </summary>
internal static class GatewayCommands
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        var verb = args[0];
        var rest = args[1..];
        var configuration = BuildConfiguration(rest);
        return verb switch
        {
            "import" => await ImportCommand.RunAsync(rest, configuration),
            "demo-token" => await DemoTokenCommand.RunAsync(rest, configuration),
            "clients" => await ClientsCommand.RunAsync(rest, configuration, GatewayStore.FromConfiguration(configuration).Configure, Console.Out),
            _ => Unknown(verb),
        };
    }

    /// <summary>The same sources as the web host: appsettings, environment, and the verb's own <c>--Key value</c> pairs.</summary>
    public static IConfiguration BuildConfiguration(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var baseDirectory = AppContext.BaseDirectory;
        return new ConfigurationBuilder()
            .SetBasePath(baseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(ConfigurationArguments(args))
            .Build();
    }

    /// <summary>
    /// Only <c>--Key value</c> / <c>--Key=value</c> pairs whose key looks like a configuration key (upper-case first
    /// letter, e.g. <c>--DataDirectory</c>) are configuration; a verb's own options and paths (<c>/data/ndjson</c> would
    /// otherwise read as a <c>/key</c> switch and swallow the next argument) are not.
    /// </summary>
    internal static string[] ConfigurationArguments(string[] args)
    {
        var kept = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3 || !char.IsUpper(arg[2]))
            {
                continue;
            }

            kept.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
            {
                kept.Add(args[++i]);
            }
        }

        return [.. kept];
    }

    private static int Unknown(string verb)
    {
        Console.Error.WriteLine($"Unknown command '{verb}'. Commands: import, clients, demo-token. Run without a command to start the gateway.");
        return 2;
    }
}
