using Microsoft.Extensions.Options;

namespace Lead.Gateway.Hosting;

/// <summary>
/// The gateway's public URLs. With <see cref="GatewayOptions.PublicBaseUrl"/> set, nothing in a request can change
/// them; otherwise they come from the request after forwarded headers from trusted proxies only were applied.
/// </summary>
internal sealed class PublicUrls(IOptions<GatewayOptions> options)
{
    private readonly string? configured = string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) ? null : options.Value.PublicBaseUrl.TrimEnd('/');

    /// <summary>e.g. <c>https://gateway.example.org</c> (no trailing slash).</summary>
    public string GatewayBase(HttpContext context) =>
        configured ?? $"{context.Request.Scheme}://{context.Request.Host.ToUriComponent()}{context.Request.PathBase.ToUriComponent()}";

    /// <summary>The unified FHIR base, e.g. <c>https://gateway.example.org/fhir</c>.</summary>
    public string FhirBase(HttpContext context) => GatewayBase(context) + "/fhir";

    /// <summary>A source's FHIR base at the gateway, e.g. <c>https://gateway.example.org/fhir/aco-sandbox</c>.</summary>
    public string SourceBase(HttpContext context, string sourceId) => FhirBase(context) + "/" + sourceId;
}
