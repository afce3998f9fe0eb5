using System.Net;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Validation;

/// <summary>PATCH to a configured upstream: read with the gateway's credentials, forwarded with If-Match on the version validated.</summary>
public sealed class PatchUpstreamTests : IAsyncLifetime
{
    private FakeUpstream upstream = null!;
    private GatewayHost gateway = null!;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:remote:Kind"] = "hie",
            ["Sources:remote:BaseUrl"] = upstream.Base,
            ["Sources:remote:Auth:Mode"] = "bearer",
            ["Sources:remote:Auth:Token"] = "gateway-own-token",
        });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task Patch_ValidResult_ForwardedWithIfMatchOfVersionRead()
    {
        var (request, id) = Tagged("""[{"op":"add","path":"/gender","value":"female"}]""");

        using var response = await gateway.Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var received = ReceivedFor(id);
        Assert.Equal(2, received.Count); // the read, then the PATCH
        Assert.All(received, h => Assert.Equal("Bearer gateway-own-token", h.Authorization.ToString()));
        Assert.Equal("W/\"1\"", received[1].IfMatch.ToString());
    }

    [Fact]
    public async Task Patch_InvalidResult_NotForwarded()
    {
        var (request, id) = Tagged("""[{"op":"add","path":"/gender","value":"robot"}]""");

        using var response = await gateway.Client.SendAsync(request);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Single(ReceivedFor(id)); // the read only
    }

    // Upstream traffic of one client request (health probes reach the fake upstream too).
    private List<Microsoft.AspNetCore.Http.IHeaderDictionary> ReceivedFor(string requestId) =>
        upstream.Received
            .Where(h => h.Any(kv => kv.Key.Equals("X-Request-Id", StringComparison.OrdinalIgnoreCase) && kv.Value.ToString().Contains(requestId, StringComparison.Ordinal)))
            .ToList();

    private static (HttpRequestMessage Request, string RequestId) Tagged(string patch)
    {
        var id = "patch-test-" + Guid.NewGuid().ToString("N")[..12];
        var request = PatchValidationTests.JsonPatch("fhir/remote/Patient/p1", patch);
        request.Headers.Add("X-Request-Id", id);
        return (request, id);
    }
}
