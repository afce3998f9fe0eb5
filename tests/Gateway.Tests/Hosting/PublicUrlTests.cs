using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Hosting;

/// <summary>Generated URLs behind a TLS-terminating proxy: forwarded headers count only from configured proxies.</summary>
public sealed class PublicUrlTests : IAsyncLifetime
{
    private FakeUpstream upstream = null!;

    public async Task InitializeAsync() => upstream = await FakeUpstream.StartAsync();

    public async Task DisposeAsync() => await upstream.DisposeAsync();

    private Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:remote:Kind"] = "aco",
            ["Sources:remote:BaseUrl"] = upstream.Base,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static async Task<string> SelfLinkAsync(GatewayHost gateway, Action<HttpRequestMessage>? decorate = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/remote/Patient?_count=20");
        decorate?.Invoke(request);
        using var response = await gateway.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("link")[0].GetProperty("url").GetString()!;
    }

    [Fact]
    public async Task SpoofedForwardedHost_NoTrustedProxy_Ignored()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings());

        var self = await SelfLinkAsync(gateway, r =>
        {
            r.Headers.Add("X-Forwarded-Host", "evil.example");
            r.Headers.Add("X-Forwarded-Proto", "https");
        });

        Assert.StartsWith(new Uri(gateway.BaseAddress, "fhir/remote/").AbsoluteUri, self, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHost_FromConfiguredProxy_UsedInLinks()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings(("Gateway:KnownProxies:0", "127.0.0.1")));

        var self = await SelfLinkAsync(gateway, r =>
        {
            r.Headers.Add("X-Forwarded-Host", "gateway.example.org");
            r.Headers.Add("X-Forwarded-Proto", "https");
        });

        Assert.StartsWith("https://gateway.example.org/fhir/remote/Patient", self, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForwardedHost_FromOtherAddressThanConfiguredProxy_Ignored()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings(("Gateway:KnownProxies:0", "10.9.8.7")));

        var self = await SelfLinkAsync(gateway, r => r.Headers.Add("X-Forwarded-Host", "evil.example"));

        Assert.DoesNotContain("evil.example", self, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublicBaseUrl_Configured_SpoofedHostCannotChangeLinks()
    {
        await using var gateway = await GatewayHost.StartAsync(Settings(("Gateway:PublicBaseUrl", "https://lead.example.org")));

        var self = await SelfLinkAsync(gateway, r =>
        {
            r.Headers.Host = "evil.example";
            r.Headers.Add("X-Forwarded-Host", "evil2.example");
        });

        Assert.StartsWith("https://lead.example.org/fhir/remote/Patient", self, StringComparison.Ordinal);
    }
}
