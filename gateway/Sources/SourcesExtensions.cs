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
        // The gateway's own reads of a source (identity, subscriptions). No resilience pipeline: a retry would spend the
        // source's timeout twice; callers report a failing source.
        builder.Services.AddHttpClient(SourceReader.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddSingleton<SourceReader>();
        return builder;
    }
}
