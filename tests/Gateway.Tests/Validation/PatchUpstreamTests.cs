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

    [Theory]
    [InlineData("""[{"op":"frobnicate","path":"/gender"}]""", HttpStatusCode.BadRequest)]
    [InlineData("""[{"op":"remove","path":"/name/~2"}]""", HttpStatusCode.BadRequest)]
    [InlineData("""[{"op":"test","path":"/id","value":"other"}]""", HttpStatusCode.UnprocessableEntity)]
    public async Task Patch_CannotBeApplied_RefusedByTheGatewayItself(string patch, HttpStatusCode status)
    {
        var (request, id) = Tagged(patch);

        using var response = await gateway.Client.SendAsync(request);

        var text = await OutcomeAssert.ReadAsync(response, status);
        Assert.Contains("operation 0", text, StringComparison.Ordinal);
        // A failed test must not quote the current value (here the id "p1"): a caller may update without read access.
        Assert.DoesNotContain("p1", text, StringComparison.Ordinal);
        Assert.Single(ReceivedFor(id)); // the read only: the upstream never saw the PATCH
    }

    [Fact]
    public async Task Patch_FhirPathPatchWhereEnforced_415AndNothingForwarded()
    {
        var id = "patch-test-" + Guid.NewGuid().ToString("N")[..12];
        using var request = new HttpRequestMessage(HttpMethod.Patch, "fhir/remote/Patient/p1")
        {
            Content = new StringContent("""{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.gender"}]}]}""",
                System.Text.Encoding.UTF8, "application/fhir+json"),
        };
        request.Headers.Add("X-Request-Id", id);

        using var response = await gateway.Client.SendAsync(request);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(ReceivedFor(id));
    }

    [Fact]
    public async Task Patch_StaleIfMatch_412AndNothingForwarded()
    {
        var (request, id) = Tagged("""[{"op":"add","path":"/gender","value":"female"}]""");
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"7\"");

        using var response = await gateway.Client.SendAsync(request);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.PreconditionFailed);
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
