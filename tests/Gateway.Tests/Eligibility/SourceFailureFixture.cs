using System.Net;
using System.Net.Sockets;
using Lead.Gateway.Eligibility;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>
/// The sandbox gateway plus three sources that cannot answer: a Medicaid source on a dead port, a CMS source slower
/// than its timeout, and a CMS source the caller may not read (a test double of the scope check refuses its Coverage).
/// </summary>
public sealed class SourceFailureFixture : IAsyncLifetime
{
    public const string Down = "medicaid-down";
    public const string Slow = "cms-slow";
    public const string Secret = "cms-secret";

    private WebApplication app = null!;

    internal HttpClient Client { get; private set; } = null!;

    internal FakeUpstream SlowUpstream { get; private set; } = null!;

    internal FakeUpstream SecretUpstream { get; private set; } = null!;

    internal IReadOnlyDictionary<SeedPersonaKind, SeedPersona> Personas { get; } =
        SyntheticPopulation.Personas(SyntheticPopulation.DefaultPeople, SyntheticPopulation.DefaultSeed);

    public async Task InitializeAsync()
    {
        SlowUpstream = await FakeUpstream.StartAsync();
        SecretUpstream = await FakeUpstream.StartAsync();
        var dataDirectory = TempDirectory.Create("eligibility");
        string[] args =
        [
            "--urls=http://127.0.0.1:0", $"--DataDirectory={dataDirectory}", "--Logging:LogLevel:Default=Error",
            $"--Sources:{Down}:Kind=medicaid", $"--Sources:{Down}:BaseUrl=http://127.0.0.1:{DeadPort()}/fhir/", $"--Sources:{Down}:Timeout=00:00:02",
            $"--Sources:{Slow}:Kind=cms", $"--Sources:{Slow}:BaseUrl={SlowUpstream.Base}/Slow/", $"--Sources:{Slow}:Timeout=00:00:00.500",
            $"--Sources:{Secret}:Kind=cms", $"--Sources:{Secret}:BaseUrl={SecretUpstream.Base}/",
            // The identity indexer reads every source's Patients in the background; these tests count what the check sends.
            "--Identity:IndexSources=false",
            .. TestClients.Settings().Concat(TestStore.Settings(dataDirectory)).Select(kv => $"--{kv.Key}={kv.Value}"),
        ];
        app = GatewayApp.Build(args, builder => builder.Services.AddSingleton<IEligibilitySourceAccess>(new DenyingSourceAccess(Secret, "Coverage")));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var baseAddress = new Uri(address.TrimEnd('/') + "/");
        Client = new HttpClient(new TestClients.BearerHandler(baseAddress, TestClients.BackendScopes)) { BaseAddress = baseAddress };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        await SlowUpstream.DisposeAsync();
        await SecretUpstream.DisposeAsync();
    }

    /// <summary>A loopback port nothing listens on: bound, read and released.</summary>
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
