using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>One gateway with a small sandbox population, loopback notification endpoints allowed and fast retries.</summary>
public sealed class SubscriptionGatewayFixture : IAsyncLifetime
{
    public static readonly Dictionary<string, string?> Settings = new()
    {
        ["Sandbox:SeedPeople"] = "12",
        ["Subscriptions:AllowPrivateEndpoints"] = "true",
        ["Subscriptions:InitialRetryDelay"] = "00:00:00.200",
        ["Subscriptions:MaxRetryDelay"] = "00:00:01",
        ["Subscriptions:PollInterval"] = "00:00:00.200",
        ["Subscriptions:LeaseDuration"] = "00:00:05",
    };

    internal GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync(Settings);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SubscriptionGatewayCollection : ICollectionFixture<SubscriptionGatewayFixture>
{
    public const string Name = "subscription gateway";
}
