using Lead.Auth.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Lead.Auth.Clients;

/// <summary>
/// <c>clients add --id ID --type backend --jwks FILE.json --scope "system/*.rs" [--source ID]…</c>, <c>clients list</c>,
/// <c>clients remove --id ID</c>, run by the gateway's CLI against the same store as the server. A JWKS holding private
/// key material is refused. Clients from <c>Auth:Clients</c> are owned by configuration and not changed here.
/// </summary>
public static class ClientsCommand
{
    public const string Usage = """
        clients add --id ID --type backend|public|confidential [--jwks FILE.json | --jwks-uri URL | --secret SECRET]
                    --scope "system/*.rs ..." [--source ID]... [--redirect-uri URI]... [--name NAME] [--organisation ORG]
        clients list
        clients remove --id ID
        """;

    public static async Task<int> RunAsync(
        string[] args, IConfiguration configuration, Action<DbContextOptionsBuilder> configureStore, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(output);
        var services = new ServiceCollection().AddLogging();
        services.AddOptions<SmartAuthOptions>().Bind(configuration.GetSection(SmartAuthOptions.SectionName));
        services.AddSmartAuthStore(configureStore);
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        await using (var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<SmartAuthDbContext>>().CreateDbContextAsync(cancellationToken))
        {
            await SchemaMigrator.MigrateAsync(db, cancellationToken);
        }

        var registry = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        var configured = scope.ServiceProvider.GetRequiredService<IOptions<SmartAuthOptions>>().Value.Clients
            .Select(c => c.ClientId).ToHashSet(StringComparer.Ordinal);
        var verb = args.FirstOrDefault();
        var options = CommandLine.Parse(args.Skip(1));
        try
        {
            return verb switch
            {
                "add" => await AddAsync(registry, options, configured, output, cancellationToken),
                "list" => await ListAsync(registry, output, cancellationToken),
                "remove" => await RemoveAsync(registry, options, configured, output, cancellationToken),
                _ => Fail(output, Usage),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(output, ex.Message);
        }
    }

    private static async Task<int> AddAsync(
        ClientRegistry registry, CommandLine options, HashSet<string> configured, TextWriter output, CancellationToken cancellationToken)
    {
        var id = options.Single("id") ?? throw new ArgumentException("--id is required.");
        if (configured.Contains(id))
        {
            return Fail(output, $"Client '{id}' is defined in Auth:Clients; change it there.");
        }

        var jwksFile = options.Single("jwks");
        var client = new SmartClientOptions
        {
            ClientId = id,
            Type = options.Single("type") ?? SmartClientTypes.Backend,
            DisplayName = options.Single("name"),
            Organisation = options.Single("organisation"),
            Jwks = jwksFile is null ? null : await File.ReadAllTextAsync(jwksFile, cancellationToken),
            JwksUri = options.Single("jwks-uri"),
            Secret = options.Single("secret"),
            Scopes = string.Join(' ', options.All("scope")),
            Sources = options.All("source").ToList(),
            RedirectUris = options.All("redirect-uri").ToList(),
        };
        var errors = client.Validate().ToList();
        if (errors.Count > 0)
        {
            return Fail(output, $"Client '{id}' refused: {string.Join(" ", errors)}");
        }

        await registry.SaveAsync(client, "cli", cancellationToken);
        await output.WriteLineAsync($"Client '{id}' ({client.Type}) saved with scopes: {client.Scopes}");
        return 0;
    }

    private static async Task<int> ListAsync(ClientRegistry registry, TextWriter output, CancellationToken cancellationToken)
    {
        foreach (var client in (await registry.ListAsync(cancellationToken)).OrderBy(c => c.ClientId, StringComparer.Ordinal))
        {
            var keys = client.JwksUri ?? (client.Jwks is null ? "-" : $"{client.Jwks.Keys.Count} key(s)");
            var sources = client.Sources.Count == 0 ? "all" : string.Join(',', client.Sources);
            await output.WriteLineAsync($"{client.ClientId}\t{client.Type}\t{client.Origin}\tkeys={keys}\tsources={sources}\tscopes={client.Scopes}");
        }

        return 0;
    }

    private static async Task<int> RemoveAsync(
        ClientRegistry registry, CommandLine options, HashSet<string> configured, TextWriter output, CancellationToken cancellationToken)
    {
        var id = options.Single("id") ?? throw new ArgumentException("--id is required.");
        if (configured.Contains(id))
        {
            return Fail(output, $"Client '{id}' is defined in Auth:Clients; remove it there.");
        }

        if (!await registry.RemoveAsync(id, cancellationToken))
        {
            return Fail(output, $"No client '{id}'.");
        }

        await output.WriteLineAsync($"Client '{id}' removed.");
        return 0;
    }

    private static int Fail(TextWriter output, string message)
    {
        output.WriteLine(message);
        return 1;
    }
}
