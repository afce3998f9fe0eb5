using Lead.Gateway.Sources;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Lead.Gateway.Routing;

/// <summary>
/// Sources become YARP clusters and routes: <c>/fhir/{sourceId}/…</c> for each source, and <c>/fhir/{Type}/…</c> for
/// each unified-base rule. Rebuilt whenever the source registry changes (the sandbox coming up).
/// </summary>
internal sealed class SourceProxyConfigProvider(SourceRegistry registry, UnifiedRoutes unified) : IProxyConfigProvider
{
    public const string SourceMetadataKey = "lead.source";
    public const string UnifiedMetadataKey = "lead.unified";

    /// <summary>Marks the routes that need no token (each source's CapabilityStatement).</summary>
    public const string OpenMetadataKey = "lead.open";

    /// <summary>
    /// YARP routes are ordered after the gateway's own endpoints (order 0), so e.g. <c>/fhir/{source}/metadata</c>
    /// handled by a later feature can take precedence over the catch-all proxy route.
    /// </summary>
    public const int RouteOrder = 100;

    public IProxyConfig GetConfig()
    {
        var changeToken = registry.ChangeToken;
        var sources = registry.All.Where(s => s.Upstream is not null).ToList();
        var clusters = sources.Select(ToCluster).ToList();
        // Every FHIR route needs a valid token (FhirAuthenticationMiddleware), except each source's CapabilityStatement.
        var routes = new List<RouteConfig>();
        foreach (var source in sources)
        {
            routes.Add(new RouteConfig
            {
                RouteId = "metadata:" + source.Id,
                ClusterId = source.Id,
                Order = RouteOrder - 1,
                Match = new RouteMatch { Path = $"/fhir/{source.Id}/metadata", Methods = ["GET", "HEAD"] },
                Metadata = new Dictionary<string, string> { [SourceMetadataKey] = source.Id, [OpenMetadataKey] = "true" },
                Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = $"/fhir/{source.Id}" }],
            });
            routes.Add(new RouteConfig
            {
                RouteId = "source:" + source.Id,
                ClusterId = source.Id,
                Order = RouteOrder,
                Match = new RouteMatch { Path = $"/fhir/{source.Id}/{{**remainder}}" },
                Metadata = new Dictionary<string, string> { [SourceMetadataKey] = source.Id },
                Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = $"/fhir/{source.Id}" }],
            });
        }

        var available = sources.Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (type, sourceId) in unified.ByType.Where(r => available.Contains(r.Value)))
        {
            routes.Add(new RouteConfig
            {
                RouteId = "unified:" + type,
                ClusterId = sourceId,
                Order = RouteOrder,
                Match = new RouteMatch { Path = $"/fhir/{type}/{{**remainder}}" },
                Metadata = new Dictionary<string, string> { [SourceMetadataKey] = sourceId, [UnifiedMetadataKey] = type },
                Transforms = [new Dictionary<string, string> { ["PathRemovePrefix"] = "/fhir" }],
            });
        }

        return new Config(routes, clusters, changeToken);
    }

    private static ClusterConfig ToCluster(GatewaySource source) => new()
    {
        ClusterId = source.Id,
        Destinations = new Dictionary<string, DestinationConfig>
        {
            ["upstream"] = new() { Address = source.Upstream!.AbsoluteUri },
        },
        HttpRequest = new ForwarderRequestConfig
        {
            // Inactivity timeout: an upstream silent for longer than the source's timeout becomes a 504.
            ActivityTimeout = source.Timeout,
        },
        HttpClient = new HttpClientConfig
        {
            // Responses are rewritten byte-wise; compressed upstream bodies are asked not to be sent.
            EnableMultipleHttp2Connections = true,
        },
        Metadata = new Dictionary<string, string> { [SourceMetadataKey] = source.Id },
    };

    private sealed class Config(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, IChangeToken changeToken) : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => clusters;

        public IChangeToken ChangeToken => changeToken;
    }
}
