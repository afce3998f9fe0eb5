using Lead.Gateway.Eligibility;
using Lead.Gateway.Fhir;
using Lead.Gateway.Health;
using Lead.Gateway.Routing;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sources;
using Lead.Gateway.Storage;

namespace Lead.Gateway.Hosting;

/// <summary>The gateway's table of contents: what it is made of, and the order requests pass through it.</summary>
internal static class GatewayApp
{
    /// <param name="args">Command-line arguments (configuration keys such as <c>--urls</c> and <c>--DataDirectory</c>).</param>
    /// <param name="configure">Tests add configuration or services here; production passes nothing.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.AddGatewayHosting();
        builder.AddGatewayStorage();
        builder.AddSandbox();
        builder.AddGatewaySources();
        builder.AddGatewayRouting();
        builder.AddFhirErrors();
        builder.AddGatewayHealth();
        builder.AddEligibility();

        var app = builder.Build();
        app.UseFhirErrors();                       // first: everything below can fail into an OperationOutcome
        app.UseGatewayForwardedHeaders();          // trusted proxies only (GatewayOptions.KnownProxies); before anything reads Host or scheme
        app.UseMiddleware<RequestIdMiddleware>();  // every later log line and upstream call carries the request id
        app.UseRouting();
        app.MapGatewayHealth();
        app.MapEligibility();                      // before the proxy routes: Patient/$lead-eligibility is the gateway's own operation
        app.MapGatewayRouting();                   // unified base endpoints, then the proxy pipeline per source
        return app;
    }
}
