using System.Net;
using Hl7.Fhir.Model;
using Lead.Auth;
using Lead.Auth.Discovery;
using Lead.Gateway.Fhir;
using Lead.Gateway.Sources;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Smart;

/// <summary><c>.well-known/smart-configuration</c> at the unified base and at every source's base, open to all (SMART discovery).</summary>
internal static class SmartDiscoveryEndpoints
{
    public static IEndpointRouteBuilder MapSmartDiscovery(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/fhir/.well-known/smart-configuration", (HttpContext context, IOptions<SmartAuthOptions> options) => Document(context, options.Value));
        endpoints.MapGet("/fhir/{source}/.well-known/smart-configuration", (HttpContext context, string source, SourceRegistry registry, IOptions<SmartAuthOptions> options) =>
            registry.Find(source) is null
                ? Task.FromResult(Outcome.Result(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, $"Unknown source '{source}'."))
                : Document(context, options.Value));
        return endpoints;
    }

    /// <summary>The issuer as tokens carry it: configured, else derived from the request like the authorization server does.</summary>
    public static string Issuer(HttpContext context, SmartAuthOptions options) => SmartConfiguration.ServerBase(options, context.Request);

    private static async Task<IResult> Document(HttpContext context, SmartAuthOptions options)
    {
        context.Response.Headers.CacheControl = "public, max-age=300";
        if (context.RequestServices.GetService<ExternalSmartConfiguration>() is { } external)
        {
            try
            {
                return Results.Text((await external.GetAsync(context.RequestAborted)).ToJsonString(), "application/json");
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException or InvalidOperationException)
            {
                return Outcome.Result(HttpStatusCode.BadGateway, OperationOutcome.IssueType.Transient, "The SMART authorization server (Auth:Authority) could not be reached.");
            }
        }

        return Results.Text(SmartConfiguration.Build(Issuer(context, options), options.PathPrefix).ToJsonString(), "application/json");
    }
}
