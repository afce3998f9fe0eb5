using Lead.Gateway.Storage;
using Lead.Gateway.Subscriptions.Api;
using Lead.Gateway.Subscriptions.Delivery;
using Lead.Gateway.Subscriptions.Events;
using Lead.Gateway.Subscriptions.Messaging;
using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lead.Gateway.Subscriptions;

internal static class SubscriptionsExtensions
{
    /// <summary>
    /// Topic-based subscriptions (R5 Backport for R4): store, change observers, matching, the persisted outbox and its
    /// dispatcher, heartbeats; and ADT forwarding by <c>$process-message</c>.
    /// </summary>
    public static WebApplicationBuilder AddSubscriptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SubscriptionsOptions>()
            .BindConfiguration(SubscriptionsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => o.InitialRetryDelay <= o.MaxRetryDelay, "Subscriptions:InitialRetryDelay must not exceed Subscriptions:MaxRetryDelay.")
            .ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGatewayDbContext<SubscriptionsDbContext>();
        builder.Services.AddSingleton<SubscriptionStore>();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<EndpointPolicy>();
        builder.Services.AddSingleton<SubscriptionWriter>();
        builder.Services.AddSingleton<ChangeQueue>();
        builder.Services.AddSingleton<PatientPlaces>();
        builder.Services.AddSingleton<EventRecorder>();
        builder.Services.AddSingleton<NotificationSender>();
        builder.Services.AddMemoryCache();
        builder.Services.AddSingleton<SubscriberRegistration>();
        builder.Services.AddSingleton<MessageForwarder>();
        builder.Services.AddSingleton<PatientResolver>();
        builder.Services.AddSingleton<UpstreamVersions>();
        builder.Services.AddSingleton<Routing.ICapabilityContributor, SubscriptionCapability>();
        builder.Services.AddHttpClient(NotificationHttp.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => NotificationHttp.CreateHandler(sp.GetRequiredService<EndpointPolicy>()));

        // Order matters: tables first, then the cache the observers consult, then the workers.
        builder.Services.AddHostedService<SubscriptionsSchema>();
        builder.Services.AddSingleton<SubscriptionCache>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SubscriptionCache>());
        builder.Services.AddHostedService<SandboxChangeFeed>();
        builder.Services.AddHostedService<ChangeProcessor>();
        builder.Services.AddHostedService<NotificationDispatcher>();
        builder.Services.AddHostedService<HeartbeatScheduler>();
        return builder;
    }

    /// <summary>The gateway's own endpoints (order 0, before the proxy routes; the unified-base rules do not route these types).</summary>
    public static WebApplication MapSubscriptions(this WebApplication app)
    {
        TopicEndpoints.Map(app);
        SubscriptionEndpoints.Map(app);
        StatusEndpoints.Map(app);
        ProcessMessageEndpoint.Map(app);
        return app;
    }
}
