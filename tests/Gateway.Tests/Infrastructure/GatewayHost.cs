using Lead.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Infrastructure;

/// <summary>The real gateway on a loopback port with its own temporary data directory.</summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private GatewayHost(WebApplication app, string dataDirectory, Uri baseAddress)
    {
        this.app = app;
        DataDirectory = dataDirectory;
        BaseAddress = baseAddress;
        Client = CreateClient(TestClients.BackendScopes);
        Anonymous = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>A client carrying a real backend-services token with <see cref="TestClients.BackendScopes"/>.</summary>
    public HttpClient Client { get; }

    /// <summary>A client with no token.</summary>
    public HttpClient Anonymous { get; }

    /// <summary>A client whose requests carry a backend token for exactly these scopes.</summary>
    public HttpClient CreateClient(string scope) =>
        new(new TestClients.BearerHandler(BaseAddress, scope)) { BaseAddress = BaseAddress };

    public IServiceProvider Services => app.Services;

    /// <param name="settings">Configuration keys, e.g. <c>Sandbox:Enabled=false</c>, <c>Sources:x:BaseUrl</c>.</param>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, string? dataDirectory = null)
    {
        dataDirectory ??= TempDirectory.Create("gateway");
        var args = new List<string> { "--urls=http://127.0.0.1:0", $"--DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Warning" };
        args.AddRange(TestClients.Settings().Concat(TestStore.Settings(dataDirectory)).Concat(settings ?? new Dictionary<string, string?>()).Select(kv => $"--{kv.Key}={kv.Value}"));
        var app = GatewayApp.Build([.. args]);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new GatewayHost(app, dataDirectory, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Anonymous.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
