using System.Net;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir;
using Lead.Gateway.Routing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace Lead.Gateway.Smart;

/// <summary>
/// First step of the proxy pipeline: a proxied FHIR request needs a valid token (401 with
/// <c>WWW-Authenticate: Bearer error="invalid_token"</c> and an OperationOutcome otherwise), before its body is read.
/// Done here rather than by a route policy: one cached lookup instead of the authorization middleware's policy
/// evaluation on every request of the hot path. Each source's CapabilityStatement route stays open.
/// </summary>
internal sealed class FhirAuthenticationMiddleware(RequestDelegate next, IOptions<SmartOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var metadata = context.GetReverseProxyFeature().Route.Config.Metadata;
        if (!options.Value.IsRequired || metadata?.ContainsKey(SourceProxyConfigProvider.OpenMetadataKey) == true)
        {
            await next(context);
            return;
        }

        var result = await context.AuthenticateAsync(CachedBearerHandler.SchemeName);
        if (!result.Succeeded)
        {
            await context.ChallengeAsync(CachedBearerHandler.SchemeName);
            await Outcome.WriteAsync(context, (int)HttpStatusCode.Unauthorized,
                Outcome.Create(OperationOutcome.IssueType.Login, "A valid access token is required."), keepHeaders: true);
            return;
        }

        context.User = result.Principal;
        await next(context);
    }
}
