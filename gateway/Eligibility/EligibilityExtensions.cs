using Lead.Gateway.Routing;
using Lead.Gateway.Sandbox.Eligibility;
using Lead.Gateway.Smart;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lead.Gateway.Eligibility;

internal static class EligibilityExtensions
{
    public const string OperationPath = "/fhir/Patient/$lead-eligibility";

    /// <summary>The LEAD eligibility check, its upstream HTTP client, the source-access seam, and the sandbox payer's adjudication.</summary>
    public static WebApplicationBuilder AddEligibility(this WebApplicationBuilder builder)
    {
        // No resilience pipeline: a retry would spend the source's timeout twice, and a failing source is reported, not hidden.
        builder.Services.AddHttpClient(SourceProbe.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<IEligibilitySourceAccess, AllowAllSourceAccess>();
        builder.Services.AddSingleton<SourceProbe>();
        builder.Services.AddSingleton<LeadEligibilityEndpoint>();
        // Picked up by the sandbox HTTP handler (optional there, so the sandbox also runs without this feature).
        builder.Services.AddSingleton<SandboxEligibility>();
        return builder;
    }

    /// <summary>
    /// Maps the operation ahead of the proxy routes (order 0 &lt; <see cref="SourceProxyConfigProvider.RouteOrder"/>), which
    /// would otherwise forward <c>/fhir/Patient/…</c> to the source the unified-base rules pick for Patient.
    /// </summary>
    public static WebApplication MapEligibility(this WebApplication app)
    {
        var endpoint = (HttpContext context) => context.RequestServices.GetRequiredService<LeadEligibilityEndpoint>().HandleAsync(context);
        app.MapGet(OperationPath, endpoint).WithOrder(0).RequireFhirAuthorization(app);
        app.MapPost(OperationPath, endpoint).WithOrder(0).RequireFhirAuthorization(app);
        return app;
    }
}
