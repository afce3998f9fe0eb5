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
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
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
        // Behind the balancer every request, the token request included, arrives with its forwarded headers.
        using var balancer = new ForwardingBalancer("gateway.example.org");
        var token = await TestClients.GetTokenAsync(gateway.BaseAddress, "system/*.rs", balancer);
        using var client = new HttpClient(balancer, disposeHandler: false) { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        using var response = await client.GetAsync("fhir/remote/Patient?_count=20");
        var body = await response.Content.ReadAsStringAsync();
        var self = JsonDocument.Parse(body).RootElement.GetProperty("link")[0].GetProperty("url").GetString()!;

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

    /// <summary>Adds a TLS-terminating balancer's forwarded headers to every request.</summary>
    private sealed class ForwardingBalancer(string host) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Forwarded-Host", host);
            request.Headers.Add("X-Forwarded-Proto", "https");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
