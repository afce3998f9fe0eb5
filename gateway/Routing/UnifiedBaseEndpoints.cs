using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Routing;

/// <summary>
/// The gateway's own answers at <c>/fhir</c>: its CapabilityStatement, and clear refusals for paths no source or rule
/// serves (unknown source 404; a type no rule routes 400 naming the per-source paths; a source not yet up 503).
/// </summary>
internal static class UnifiedBaseEndpoints
{
    /// <summary>After every proxy route: only what nothing else matched lands here.</summary>
    private const int FallbackOrder = 1000;

    private static readonly FhirJsonSerializer Serializer = new();

    public static IEndpointRouteBuilder MapUnifiedBase(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/fhir/metadata", async (HttpContext context, GatewayCapabilityStatement capability) =>
            Results.Text(Serializer.SerializeToString(await capability.BuildAsync(context)), FhirMediaTypes.JsonUtf8));

        endpoints.Map("/fhir", (HttpContext context, SourceRegistry registry) =>
                Outcome.Result(HttpStatusCode.BadRequest, OperationOutcome.IssueType.NotSupported,
                    "The unified base takes requests by resource type (/fhir/{type}…); send batches and other base-level requests to a source: "
                    + SourcePaths(context, registry) + "."))
            .WithOrder(FallbackOrder)
            .RequireFhirAuthorization(endpoints);

        endpoints.Map("/fhir/{segment}/{**rest}", (HttpContext context, string segment, SourceRegistry registry) =>
            {
                if (registry.Find(segment) is { } source)
                {
                    return Outcome.Result(HttpStatusCode.ServiceUnavailable, OperationOutcome.IssueType.Transient,
                        $"Source '{source.Id}' is not available yet.");
                }

                if (ModelInfo.IsKnownResource(segment))
                {
                    return Outcome.Result(HttpStatusCode.BadRequest, OperationOutcome.IssueType.NotSupported,
                        $"No routing rule sends '{segment}' to a source at the unified base. Use a source's own path: "
                        + string.Join(", ", registry.All.Select(s => $"{context.RequestServices.GetRequiredService<PublicUrls>().SourceBase(context, s.Id)}/{segment}"))
                        + ".");
                }

                return Outcome.Result(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound,
                    $"Unknown source '{segment}'. Sources: {string.Join(", ", registry.All.Select(s => s.Id))}.");
            })
            .WithOrder(FallbackOrder)
            .RequireFhirAuthorization(endpoints);
        return endpoints;
    }

    private static string SourcePaths(HttpContext context, SourceRegistry registry)
    {
        var urls = context.RequestServices.GetRequiredService<PublicUrls>();
        return string.Join(", ", registry.All.Select(s => urls.SourceBase(context, s.Id)));
    }
}
