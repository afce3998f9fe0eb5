using Lead.Gateway.Hosting;
using Lead.Gateway.Sources;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace Lead.Gateway.Routing;

/// <summary>
/// The FHIR-aware part of each source route: the gateway's own upstream credentials instead of the caller's, no
/// forwarded client headers, and responses whose upstream URLs are rewritten and whose failures become OperationOutcomes.
/// </summary>
internal sealed class FhirTransformProvider(SourceRegistry registry, UpstreamCredentials credentials, ResponseRewriting rewriting) : ITransformProvider
{
    // Headers a client could use to make the upstream believe something about the caller, or that carry the caller's credentials.
    private static readonly string[] DroppedRequestHeaders =
    [
        "Authorization", "Cookie", "Accept-Encoding", "Forwarded", "X-Forwarded-For", "X-Forwarded-Host",
        "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Real-IP", "X-Original-For", "X-Original-Host", "X-Original-Proto",
    ];

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route.Metadata?.TryGetValue(SourceProxyConfigProvider.SourceMetadataKey, out var sourceId) != true || sourceId is null)
        {
            return;
        }

        // The gateway is the upstream's client: it does not vouch for the caller's address or host.
        context.UseDefaultForwarders = false;
        context.AddRequestTransform(async transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            foreach (var header in DroppedRequestHeaders)
            {
                headers.Remove(header);
            }

            // The request id (the caller's, when it sent a usable one) goes upstream once, not copied and then added again.
            headers.Remove(RequestIdMiddleware.HeaderName);
            headers.TryAddWithoutValidation(RequestIdMiddleware.HeaderName, transform.HttpContext.TraceIdentifier);
            var source = registry.Find(sourceId) ?? throw new InvalidOperationException("Route without a source.");
            var authorization = await credentials.GetAsync(source, transform.HttpContext.RequestAborted);
            if (authorization is not null)
            {
                headers.Authorization = authorization;
            }
        });
        context.AddResponseTransform(transform =>
        {
            var source = registry.Find(sourceId);
            return source is null ? ValueTask.CompletedTask : rewriting.ApplyAsync(transform, source);
        });
    }
}
