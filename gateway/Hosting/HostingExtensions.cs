using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Lead.Gateway.Hosting;

internal static class HostingExtensions
{
    /// <summary>Binds <see cref="GatewayOptions"/> (with the top-level <c>DataDirectory</c> key), request limits and forwarded headers.</summary>
    public static WebApplicationBuilder AddGatewayHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<GatewayOptions>()
            .BindConfiguration(GatewayOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) =>
            {
                // The contract is the top-level key, so `--DataDirectory /path` works.
                var top = configuration["DataDirectory"];
                if (!string.IsNullOrWhiteSpace(top))
                {
                    options.DataDirectory = top;
                }
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var gateway = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
        });

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Trust nobody by default, not even loopback: a spoofed X-Forwarded-Host must never change a generated URL.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in gateway.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in gateway.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }
}
