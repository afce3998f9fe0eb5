using System.Text.Json.Nodes;
using Lead.Auth;
using Lead.Auth.Discovery;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Smart;

/// <summary>
/// The CapabilityStatement <c>rest.security</c> element every FHIR base of the gateway carries: SMART-on-FHIR service
/// and the <c>oauth-uris</c> extension of the server that issues its tokens (the hosted one, or <c>Auth:Authority</c>'s
/// endpoints as its discovery document names them).
/// </summary>
internal static class SmartSecurityJson
{
    public static async Task<JsonObject> BuildAsync(HttpContext context)
    {
        if (context.RequestServices.GetService<ExternalSmartConfiguration>() is { } external)
        {
            return SmartCapabilitySecurity.FromDiscovery(await external.GetAsync(context.RequestAborted));
        }

        var auth = context.RequestServices.GetRequiredService<IOptions<SmartAuthOptions>>().Value;
        return SmartCapabilitySecurity.Build(SmartDiscoveryEndpoints.Issuer(context, auth), auth.PathPrefix);
    }
}
