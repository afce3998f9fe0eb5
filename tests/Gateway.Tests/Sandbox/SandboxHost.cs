using Hl7.Fhir.Model;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seeding;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Sandbox;

/// <summary>A real gateway host (temp data directory, loopback ports) whose sandbox servers are reached over HTTP.</summary>
internal sealed class SandboxHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private readonly bool ownsDataDirectory;

    private SandboxHost(WebApplication app, string dataDirectory, Uri root, bool ownsDataDirectory)
    {
        this.app = app;
        this.ownsDataDirectory = ownsDataDirectory;
        DataDirectory = dataDirectory;
        Root = root;
        Store = app.Services.GetRequiredService<SandboxStore>();
    }

    public string DataDirectory { get; }

    public Uri Root { get; }

    public SandboxStore Store { get; }

    public static async Task<SandboxHost> StartAsync(
        IReadOnlyDictionary<string, IReadOnlyList<Resource>>? population = null,
        string? dataDirectory = null,
        IDictionary<string, string?>? settings = null,
        Func<int, int, IReadOnlyDictionary<string, IReadOnlyList<Resource>>>? generate = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "sandbox-tests-" + Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DataDirectory"] = dataDirectory,
            ["Urls"] = "http://127.0.0.1:0",
            ["Sandbox:Url"] = "http://127.0.0.1:0",
            ["Sandbox:DefaultPageSize"] = "20",
            ["Sandbox:MaxPageSize"] = "100",
        });
        builder.Configuration.AddInMemoryCollection(TestStore.Settings(dataDirectory));
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddGatewayHosting();
        builder.AddGatewayStorage();
        builder.AddSandbox();
        var seed = population ?? new Dictionary<string, IReadOnlyList<Resource>>();
        builder.Services.AddSingleton(new SandboxPopulation(generate ?? ((_, _) => seed)));
        var app = builder.Build();
        await app.StartAsync();
        var root = await app.Services.GetRequiredService<SandboxAddress>().Root.WaitAsync(TimeSpan.FromSeconds(30));
        return new SandboxHost(app, dataDirectory, root, owns);
    }

    public HttpClient Client(string source = "aco-sandbox") => new() { BaseAddress = new Uri(Root, source + "/") };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        if (ownsDataDirectory)
        {
            DeleteDataDirectory(DataDirectory);
        }
    }

    /// <summary>Best effort: pooled SQLite connections hold the file until the pools are cleared.</summary>
    public static void DeleteDataDirectory(string path)
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
