using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Hosting;

/// <summary>Process-wide settings: where data lives and how the gateway names itself in URLs.</summary>
public sealed record GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Folder for the SQLite store, keys and export files. Bound from the top-level key
    /// <c>DataDirectory</c> (so <c>--DataDirectory /path</c> works); relative paths resolve against the working directory.
    /// </summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>
    /// The public base URL clients use (e.g. <c>https://gateway.example.org</c>). When set, every generated URL uses it and
    /// neither <c>Host</c> nor forwarded headers can change it. When empty, URLs come from the request, with forwarded
    /// headers honoured only from <see cref="KnownProxies"/>.
    /// </summary>
    [Url]
    public string? PublicBaseUrl { get; init; }

    /// <summary>Addresses of TLS-terminating proxies whose X-Forwarded-* headers are trusted. Empty: none.</summary>
    public IReadOnlyList<string> KnownProxies { get; init; } = [];

    /// <summary>Networks (CIDR) of trusted proxies, e.g. <c>10.0.0.0/8</c> for a cluster's ingress.</summary>
    public IReadOnlyList<string> KnownNetworks { get; init; } = [];

    /// <summary>
    /// Browser origins allowed to call the FHIR API and token endpoint (SMART apps running in a browser). Empty: any
    /// origin, without credentials (tokens travel in the Authorization header, never in cookies).
    /// </summary>
    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Largest request body accepted, in bytes (default 16 MB); larger bodies get 413.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxRequestBodyBytes { get; init; } = 16 * 1024 * 1024;

    public string ResolveDataDirectory() => Path.GetFullPath(DataDirectory);

    /// <summary>The options as configured, for registrations that need them before the container exists.</summary>
    public static GatewayOptions Read(IConfiguration configuration)
    {
        var options = configuration.GetSection(SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        var top = configuration["DataDirectory"];
        if (!string.IsNullOrWhiteSpace(top))
        {
            options.DataDirectory = top;
        }

        return options;
    }
}
