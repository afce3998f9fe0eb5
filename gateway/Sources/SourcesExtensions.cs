using Microsoft.Extensions.Options;

namespace Lead.Gateway.Sources;

internal static class SourcesExtensions
{
    /// <summary>Binds the <c>Sources</c> section (keyed by source id) and the registry the proxy and health checks read.</summary>
    public static WebApplicationBuilder AddGatewaySources(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SourcesOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                foreach (var section in configuration.GetSection(SourcesOptions.SectionName).GetChildren())
                {
                    options.Items[section.Key] = section.Get<SourceOptions>() ?? new SourceOptions();
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SourcesOptions>, SourcesOptionsValidator>();
        builder.Services.AddSingleton<SourceRegistry>();
        builder.Services.AddSingleton<UpstreamCredentials>();
        builder.Services.AddHttpClient(UpstreamCredentials.HttpClientName)
            .AddStandardResilienceHandler();
        return builder;
    }
}
