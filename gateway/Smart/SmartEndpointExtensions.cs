using Microsoft.Extensions.Options;

namespace Lead.Gateway.Smart;

internal static class SmartEndpointExtensions
{
    /// <summary>
    /// The gateway's own FHIR endpoints need a valid token like the proxied ones; only the CapabilityStatement and SMART
    /// discovery are open. Even a refusal about routing needs a token.
    /// </summary>
    public static TBuilder RequireFhirAuthorization<TBuilder>(this TBuilder endpoint, IEndpointRouteBuilder endpoints)
        where TBuilder : IEndpointConventionBuilder =>
        endpoints.ServiceProvider.GetRequiredService<IOptions<SmartOptions>>().Value.IsRequired
            ? endpoint.RequireAuthorization(SmartPolicies.Fhir)
            : endpoint;
}
