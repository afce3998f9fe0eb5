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
        // A SMART app whose users may subscribe (the demo app may not): one client id for every patient it is launched for.
        ["Auth:Clients:2:ClientId"] = SubscriberApp.ClientId,
        ["Auth:Clients:2:Type"] = "public",
        ["Auth:Clients:2:RedirectUris:0"] = SubscriberApp.RedirectUri,
        ["Auth:Clients:2:Scopes"] = "openid fhirUser launch/patient patient/*.cruds user/*.cruds",
        // A second message sender (another HIE) with its own client id.
        ["Auth:Clients:3:ClientId"] = SecondSenderClientId,
        ["Auth:Clients:3:Type"] = "backend",
        ["Auth:Clients:3:Jwks"] = TestClients.PublicJwks,
        ["Auth:Clients:3:Scopes"] = "system/*.cruds",
    };

    public const string SecondSenderClientId = "test-second-hie";

    internal GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync(Settings);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class SubscriptionGatewayCollection : ICollectionFixture<SubscriptionGatewayFixture>
{
    public const string Name = "subscription gateway";
}
