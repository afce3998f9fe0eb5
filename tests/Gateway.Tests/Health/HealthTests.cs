using System.Net;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Readyz_SourceDown_503NamingTheSource()
    {
        await using var upstream = await FakeUpstream.StartAsync();
        var deadBase = upstream.Base;
        await using var live = await FakeUpstream.StartAsync();
        await upstream.DisposeAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:alive:Kind"] = "aco",
            ["Sources:alive:BaseUrl"] = live.Base,
            ["Sources:dead:Kind"] = "hie",
            ["Sources:dead:BaseUrl"] = deadBase,
        });

        using var healthz = await gateway.Client.GetAsync("healthz");
        using var readyz = await gateway.Client.GetAsync("readyz");
        using var json = JsonDocument.Parse(await readyz.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, readyz.StatusCode);
        Assert.Equal("up", json.RootElement.GetProperty("store").GetString());
        Assert.Equal("up", json.RootElement.GetProperty("sources").GetProperty("alive").GetProperty("status").GetString());
        Assert.Equal("down", json.RootElement.GetProperty("sources").GetProperty("dead").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_AllSourcesUp_200()
    {
        await using var live = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:alive:Kind"] = "aco",
            ["Sources:alive:BaseUrl"] = live.Base,
        });

        using var readyz = await gateway.Client.GetAsync("readyz");

        Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
    }
}
