using System.Collections.Concurrent;
using Lead.Gateway.Hosting;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Gateway.Tests.Smart;

/// <summary>Outside sandbox mode the gateway says at start-up when its authorization server takes its issuer from the Host header or accepts plain HTTP.</summary>
public sealed class DeploymentChecksTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("https://lead.example.org", false)]
    public async Task SandboxOff_IssuerUnset_Warned(string? issuer, bool warned)
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var captured = new CapturingLoggerProvider();
        var dataDirectory = TempDirectory.Create("deployment-checks");
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:remote:Kind"] = "aco",
            ["Sources:remote:BaseUrl"] = upstream.Base,
            ["Auth:Issuer"] = issuer,
        };
        string[] args =
        [
            "--urls=http://127.0.0.1:0", $"--DataDirectory={dataDirectory}", "--Identity:IndexSources=false",
            .. TestClients.Settings().Concat(TestStore.Settings(dataDirectory)).Concat(settings).Where(kv => kv.Value is not null).Select(kv => $"--{kv.Key}={kv.Value}"),
        ];
        await using var app = GatewayApp.Build(args, builder => builder.Logging.AddProvider(captured));
        await app.StartAsync();
        await app.StopAsync();

        Assert.Equal(warned, captured.Messages.Any(m => m.Contains("Auth:Issuer (or Gateway:PublicBaseUrl) is not set", StringComparison.Ordinal)));
        // The tests' configuration accepts plain HTTP on loopback: said every time the sandbox is off.
        Assert.Contains(captured.Messages, m => m.Contains("DisableTransportSecurityRequirement is true", StringComparison.Ordinal));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    owner.Messages.Enqueue(formatter(state, exception));
                }
            }
        }
    }
}
