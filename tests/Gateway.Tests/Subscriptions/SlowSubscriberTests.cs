using System.Net;
using System.Net.Sockets;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>A subscriber endpoint that accepts and never answers holds back only its own notifications.</summary>
public sealed class SlowSubscriberTests
{
    [Fact]
    public async Task SlowSubscriber_WhileItsHandshakeHangs_AnotherSubscriptionIsServed()
    {
        var settings = new Dictionary<string, string?>(SubscriptionGatewayFixture.Settings) { ["Subscriptions:LeaseDuration"] = "00:02:00" };
        await using var gateway = await GatewayHost.StartAsync(settings);
        using var hanging = new TcpListener(IPAddress.Loopback, 0);
        hanging.Start();
        var port = ((IPEndPoint)hanging.LocalEndpoint).Port;
        var held = new List<TcpClient>();
        var accepted = hanging.AcceptTcpClientAsync();

        // Its handshake waits up to the subscription's own timeout (120 s here) for an answer that never comes.
        var slowJson = SubscriptionJson.Build("encounter-start", $"http://127.0.0.1:{port}/notify")
            .Replace("\"valueUnsignedInt\":5", "\"valueUnsignedInt\":120", StringComparison.Ordinal);
        Assert.Contains("\"valueUnsignedInt\":120", slowJson, StringComparison.Ordinal);
        var slow = await SubscriptionJson.CreateAsync(gateway.Client, slowJson);
        held.Add(await accepted.WaitAsync(TimeSpan.FromSeconds(30)));

        await using var listener = await NotificationListener.StartAsync();
        var fast = await SubscriptionJson.CreateAsync(gateway.Client, SubscriptionJson.Build("encounter-start", listener.Endpoint));

        await SubscriptionJson.WaitForStatusAsync(gateway.Client, fast, "active", TimeSpan.FromSeconds(30));
        using var slowNow = await gateway.Client.GetAsync($"fhir/Subscription/{slow}");
        Assert.Contains("\"requested\"", await slowNow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        held.ForEach(c => c.Dispose());
        hanging.Stop();
    }
}
