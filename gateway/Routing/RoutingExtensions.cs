using Lead.Gateway.Hosting;
using Lead.Gateway.Smart;
using Lead.Gateway.Subscriptions.Events;
using Lead.Gateway.Validation;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Lead.Gateway.Routing;

internal static class RoutingExtensions
{
    /// <summary>YARP with routes and clusters made from the sources, the FHIR transforms, and the unified-base rules.</summary>
    public static WebApplicationBuilder AddGatewayRouting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RoutingOptions>()
            .BindConfiguration(RoutingOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>();
        builder.Services.AddSingleton<PublicUrls>();
        builder.Services.AddSingleton<UnifiedRoutes>();
        builder.Services.AddSingleton<ResponseRewriting>();
        builder.Services.AddSingleton<GatewayCapabilityStatement>();
        builder.Services.AddSingleton<IProxyConfigProvider, SourceProxyConfigProvider>();
        builder.Services.AddReverseProxy()
            .AddTransforms<FhirTransformProvider>();
        return builder;
    }

    /// <summary>The proxy pipeline: error mapping around everything, request checks before anything leaves.</summary>
    public static WebApplication MapGatewayRouting(this WebApplication app)
    {
        app.MapUnifiedBase();
        app.MapReverseProxy(proxy =>
        {
            proxy.UseMiddleware<ProxyErrorMapper>();   // outermost: turns failures of every later step into OperationOutcomes
            proxy.UseMiddleware<FhirAuthenticationMiddleware>(); // a valid token before anything else, the body included: 401
            proxy.UseMiddleware<FhirRequestGuard>();   // size, media type and well-formed JSON: the body is buffered once here
            proxy.UseMiddleware<SmartEnforcementMiddleware>(); // scopes, client sources, patient compartment: 403 before any I/O upstream
            proxy.UseMiddleware<IngressValidationMiddleware>(); // profiles and domain rules on writes: the most expensive check, last
            proxy.UseMiddleware<ProxyWriteObserver>();  // after every check: sees only writes the upstream accepted (2xx), for subscriptions
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }
}
