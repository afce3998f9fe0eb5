using Lead.Gateway.BulkExport;
using Lead.Gateway.Eligibility;
using Lead.Gateway.Fhir;
using Lead.Gateway.Health;
using Lead.Gateway.Identity;
using Lead.Gateway.Routing;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;
using Lead.Gateway.Storage;
using Lead.Gateway.Subscriptions;
using Lead.Gateway.Validation;

namespace Lead.Gateway.Hosting;

/// <summary>The gateway's table of contents: what it is made of, and the order requests pass through it.</summary>
internal static class GatewayApp
{
    /// <param name="args">Command-line arguments (configuration keys such as <c>--urls</c> and <c>--DataDirectory</c>).</param>
    /// <param name="configure">Tests add configuration or services here; production passes nothing.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // appsettings.json ships beside the assembly: found whichever folder the gateway is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        configure?.Invoke(builder);

        builder.AddGatewayHosting();
        builder.AddGatewayStorage();
        builder.AddSandbox();
        builder.AddGatewaySources();
        builder.AddGatewayRouting();
        builder.AddGatewaySmart();
        builder.AddFhirErrors();
        builder.AddGatewayHealth();
        builder.AddEligibility();
        builder.AddIngressValidation();
        builder.AddIdentityCrosswalk();
        builder.AddSubscriptions();
        builder.AddBulkExport();

        var app = builder.Build();
        app.UseFhirErrors();                       // first: everything below can fail into an OperationOutcome
        app.UseGatewayForwardedHeaders();          // trusted proxies only (GatewayOptions.KnownProxies); before anything reads Host or scheme
        app.UseMiddleware<RequestIdMiddleware>();  // every later log line and upstream call carries the request id
        app.UseRouting();
        app.UseCors();                             // browser SMART apps: preflights answered before authentication
        app.UseGatewaySmart();                     // authentication, then per-route policies: a FHIR route without a valid token is a 401
        app.MapGatewayHealth();
        app.MapGatewaySmart();                     // /auth/… (authorization server) and .well-known/smart-configuration per base
        app.MapValidate();                         // $validate, answered by the gateway (before the proxy routes)
        app.MapEligibility();                      // before the proxy routes: Patient/$lead-eligibility is the gateway's own operation
        app.MapIdentity();                         // before the proxy routes: Patient/$match, person $everything and $link are answered from the crosswalk
        app.MapSubscriptions();                    // Subscription, SubscriptionTopic, $process-message: kept by the gateway, never proxied
        app.MapBulkExport();                       // before the proxy routes: $export runs in the gateway, across sources, not at one upstream
        app.MapGatewayRouting();                   // unified base endpoints, then the proxy pipeline per source
        return app;
    }
}
