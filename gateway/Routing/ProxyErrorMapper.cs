using System.Net;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir;
using Lead.Gateway.Sources;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Lead.Gateway.Routing;

/// <summary>
/// Wraps the proxy pipeline: when YARP could not get an answer (refused, down, silent past the source's timeout), the
/// client gets 502/503/504 as an OperationOutcome naming the source, never an empty body or an exception.
/// </summary>
internal sealed class ProxyErrorMapper(RequestDelegate next, ILogger<ProxyErrorMapper> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var sourceId = context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(SourceProxyConfigProvider.SourceMetadataKey) ?? "?";
        try
        {
            await next(context);
        }
        catch (UpstreamAuthenticationException ex)
        {
            logger.LogWarning("Upstream authentication failed for source {SourceId}", sourceId);
            await Outcome.WriteAsync(context, HttpStatusCode.BadGateway, OperationOutcome.IssueType.Transient, ex.Message);
            return;
        }

        var error = context.GetForwarderErrorFeature();
        if (error is null || context.Response.HasStarted)
        {
            return;
        }

        if (error.Exception is UpstreamAuthenticationException authentication)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.BadGateway, OperationOutcome.IssueType.Transient, authentication.Message);
            return;
        }

        var (status, message) = error.Error switch
        {
            ForwarderError.RequestTimedOut => (HttpStatusCode.GatewayTimeout, $"Source '{sourceId}' did not answer within its timeout."),
            ForwarderError.NoAvailableDestinations => (HttpStatusCode.ServiceUnavailable, $"Source '{sourceId}' has no available upstream."),
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => ((HttpStatusCode)499, ""),
            ForwarderError.RequestBodyClient => (HttpStatusCode.BadRequest, "The request body could not be read."),
            _ => (HttpStatusCode.BadGateway, $"Source '{sourceId}' could not be reached."),
        };

        if ((int)status == 499)
        {
            // The caller gave up; nobody is listening.
            return;
        }

        logger.LogWarning("Proxy error {Error} for source {SourceId}", error.Error, sourceId);
        await Outcome.WriteAsync(context, status, OperationOutcome.IssueType.Transient, message);
    }
}
