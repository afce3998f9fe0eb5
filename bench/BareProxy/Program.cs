using Yarp.ReverseProxy.Configuration;

// A bare YARP route to one upstream, no FHIR handling at all: the practical limit of a .NET proxy on this machine,
// the yardstick for the gateway's FHIR route in bench/proxy/run.sh.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
var target = builder.Configuration["Target"] ?? throw new InvalidOperationException("--Target http://host:port/base/ is required.");
builder.Services.AddReverseProxy().LoadFromMemory(
    [
        new RouteConfig { RouteId = "bare", ClusterId = "upstream", Match = new RouteMatch { Path = "/{**remainder}" } },
    ],
    [
        new ClusterConfig
        {
            ClusterId = "upstream",
            Destinations = new Dictionary<string, DestinationConfig> { ["upstream"] = new() { Address = target } },
        },
    ]);
var app = builder.Build();
app.MapReverseProxy();
await app.RunAsync();
