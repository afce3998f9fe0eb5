using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

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

        var gateway = GatewayOptions.Read(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = gateway.MaxRequestBodyBytes;
        });

        builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy =>
        {
            _ = gateway.CorsOrigins.Count == 0 ? policy.AllowAnyOrigin() : policy.WithOrigins([.. gateway.CorsOrigins]);
            policy.AllowAnyHeader().AllowAnyMethod()
                .WithExposedHeaders("Location", "Content-Location", "ETag", "Last-Modified", "X-Request-Id", "X-Progress", "Retry-After", "X-Validation-Outcome");
        }));

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

    /// <summary>
    /// Applies X-Forwarded-* only when trusted proxies are configured. ASP.NET's middleware checks addresses only when
    /// its lists are non-empty, so with none configured it must not run at all, or any client could set the scheme and host.
    /// </summary>
    public static WebApplication UseGatewayForwardedHeaders(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
