using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Routing;

/// <summary>The proxy path to a remote upstream on another port: link rewriting, credentials, FHIR errors.</summary>
public sealed class ProxyRoutingTests : IAsyncLifetime
{
    private FakeUpstream upstream = null!;
    private GatewayHost gateway = null!;
    private FakeUpstream down = null!;

    public async Task InitializeAsync()
    {
        upstream = await FakeUpstream.StartAsync();
        down = await FakeUpstream.StartAsync();
        var downBase = down.Base;
        await down.DisposeAsync(); // nothing listens there any more: connection refused
        gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:remote:Kind"] = "hie",
            ["Sources:remote:BaseUrl"] = upstream.Base,
            ["Sources:remote:Timeout"] = "00:00:01",
            ["Sources:remote:Auth:Mode"] = "bearer",
            ["Sources:remote:Auth:Token"] = "gateway-own-token",
            ["Sources:oauth:Kind"] = "medicaid",
            ["Sources:oauth:BaseUrl"] = upstream.Base,
            ["Sources:oauth:Auth:Mode"] = "client-credentials",
            ["Sources:oauth:Auth:TokenEndpoint"] = upstream.BaseAddress.GetLeftPart(UriPartial.Authority) + "/token",
            ["Sources:oauth:Auth:ClientId"] = "gw-client",
            ["Sources:oauth:Auth:ClientSecret"] = "gw-secret",
            ["Sources:oauth:Auth:Scope"] = "system/*.read",
            ["Sources:gone:Kind"] = "cms",
            ["Sources:gone:BaseUrl"] = downBase,
            ["Routing:Rules:0:ResourceTypes:0"] = "Patient",
            ["Routing:Rules:0:Source"] = "remote",
        });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await upstream.DisposeAsync();
    }

    private string SourceBase => new Uri(gateway.BaseAddress, "fhir/remote").AbsoluteUri;

    [Fact]
    public async Task Read_UpstreamUrlsInBodyAndHeaders_RewrittenToGatewaySourceUrl()
    {
        using var response = await gateway.Client.GetAsync("fhir/remote/Patient/abc");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(upstream.Base + "/", body, StringComparison.Ordinal);
        Assert.Contains($"\"{SourceBase}/Patient/other\"", body, StringComparison.Ordinal);
        // A longer host that merely starts with the upstream base is someone else's URL: left alone.
        Assert.Contains(upstream.Base + "2/Organization/not-ours", body, StringComparison.Ordinal);
        Assert.Equal($"{SourceBase}/Patient/abc/_history/1", response.Content.Headers.ContentLocation!.AbsoluteUri);
    }

    [Fact]
    public async Task CheckedToken_SourceAnswersRawBinary_502NotStreamedUnchecked()
    {
        // A constrained token's reads are checked against its constraints, which needs FHIR JSON: the caller's Accept
        // and _format are replaced, and a source that answers raw bytes anyway is refused, not streamed through.
        using var constrained = gateway.CreateClient("system/Binary.rs?_id=b1");
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/remote/Binary/b1?_format=application/pdf");
        request.Headers.Accept.ParseAdd("application/pdf");
        upstream.Received.Clear();

        using var response = await constrained.SendAsync(request);

        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadGateway);
        Assert.DoesNotContain("%PDF", outcome, StringComparison.Ordinal);
        // (Other traffic, such as the identity indexer, may reach the fake meanwhile: none of it asks for PDF either.)
        Assert.DoesNotContain(upstream.Received, h => h.Accept.ToString().Contains("pdf", StringComparison.Ordinal));
        Assert.Contains(upstream.Received, h => h.Accept.ToString() == "application/fhir+json");
    }

    [Fact]
    public async Task Search_BundleLinksAndFullUrls_PointAtGateway()
    {
        using var response = await gateway.Client.GetAsync("fhir/remote/Patient?_count=20");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var links = json.RootElement.GetProperty("link").EnumerateArray().Select(l => l.GetProperty("url").GetString()!).ToList();
        var fullUrls = json.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("fullUrl").GetString()!).ToList();
        Assert.Equal(20, fullUrls.Count);
        Assert.All(links.Concat(fullUrls), url => Assert.StartsWith(SourceBase + "/Patient", url, StringComparison.Ordinal));
        Assert.Contains(links, l => l == $"{SourceBase}/Patient?_count=20&_offset=20");
    }

    [Fact]
    public async Task UnifiedBase_TypeWithRule_RoutedToRuleSourceAndRewrittenToIt()
    {
        using var response = await gateway.Client.GetAsync("fhir/Patient/xyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"id\":\"xyz\"", body, StringComparison.Ordinal);
        Assert.Contains($"{SourceBase}/Patient/other", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnifiedBase_TypeWithoutRule_400NamingPerSourcePaths()
    {
        using var response = await gateway.Client.GetAsync("fhir/Observation?code=x");
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);

        Assert.Contains($"{SourceBase}/Observation", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSource_404OperationOutcome()
    {
        using var response = await gateway.Client.GetAsync("fhir/no-such-source/Patient/1");
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.NotFound);

        Assert.Contains("no-such-source", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_LocationHeader_RewrittenAndBodyReferencesMappedBackToUpstream()
    {
        var patient = $$"""{"resourceType":"Patient","link":[{"other":{"reference":"{{SourceBase}}/Patient/p1"},"type":"seealso"}]}""";
        using var content = new StringContent(patient, Encoding.UTF8, "application/fhir+json");

        using var response = await gateway.Client.PostAsync("fhir/remote/Patient", content);
        var echoed = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"{SourceBase}/Patient/new1/_history/1", response.Headers.Location!.AbsoluteUri);
        // The upstream received its own URL (it echoes the body; the echo is rewritten again on the way out).
        Assert.Contains($"{SourceBase}/Patient/p1", echoed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallerToken_NeverForwarded_GatewayCredentialsSentInstead()
    {
        var callerToken = await TestClients.GetTokenAsync(gateway.BaseAddress, "system/*.rs");
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/remote/Echo/1");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", callerToken);
        request.Headers.Add("X-Forwarded-Host", "evil.example");

        using var response = await gateway.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("Bearer gateway-own-token", json.RootElement.GetProperty("Authorization").GetString());
        Assert.DoesNotContain(callerToken, json.RootElement.ToString(), StringComparison.Ordinal);
        Assert.False(json.RootElement.TryGetProperty("X-Forwarded-Host", out _));
        var headers = json.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains(headers, h => h.Equals("X-Request-Id", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(headers, h => h.StartsWith("X-Original", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task CallerRequestId_ReachesTheUpstreamOnce()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/remote/Echo/1");
        request.Headers.Add("X-Request-Id", "caller-trace-42");

        using var response = await gateway.Client.SendAsync(request);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var echoed = json.RootElement.EnumerateObject().Single(p => p.Name.Equals("X-Request-Id", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("caller-trace-42", echoed.Value.GetString());
        Assert.Equal("caller-trace-42", response.Headers.GetValues("X-Request-Id").Single());
    }

    [Fact]
    public async Task ClientCredentialsSource_TokenFetchedWithBasicAuthAndCached()
    {
        using var first = await gateway.Client.GetAsync("fhir/oauth/Echo/1");
        using var second = await gateway.Client.GetAsync("fhir/oauth/Echo/2");
        using var json = JsonDocument.Parse(await second.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Bearer upstream-token-system/*.read", json.RootElement.GetProperty("Authorization").GetString());
        Assert.Single(upstream.Received, h => h.ContainsKey("Authorization") && h.Authorization.ToString().StartsWith("Basic ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UpstreamDown_502OperationOutcome()
    {
        using var response = await gateway.Client.GetAsync("fhir/gone/Patient/1");
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadGateway);

        Assert.Contains("'gone'", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamHangs_504OperationOutcome()
    {
        using var response = await gateway.Client.GetAsync("fhir/remote/Slow/1");
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.GatewayTimeout);

        Assert.Contains("timeout", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamStackTrace_Replaced_502WithoutUpstreamText()
    {
        using var response = await gateway.Client.GetAsync("fhir/remote/Boom/1");
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadGateway);

        Assert.DoesNotContain("NullPointerException", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain("db-internal", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamHtml4xx_StatusKept_BodyIsOperationOutcome()
    {
        using var response = await gateway.Client.GetAsync("fhir/remote/Teapot/1");
        var outcome = await OutcomeAssert.ReadAsync(response, (HttpStatusCode)418);

        Assert.DoesNotContain("<html>", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpstreamFhir4xx_PassedThrough()
    {
        using var response = await gateway.Client.GetAsync("fhir/remote/Gone/1");
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.Gone);

        Assert.Contains("deleted", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_MalformedJson_400NamingLineAndPosition()
    {
        using var content = new StringContent("{\n  \"resourceType\": \"Patient\",\n  \"active\": tru\n}", Encoding.UTF8, "application/fhir+json");

        using var response = await gateway.Client.PostAsync("fhir/remote/Patient", content);
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);

        Assert.Contains("line 3", outcome, StringComparison.Ordinal);
        Assert.DoesNotContain(upstream.Received, h => h.ContentType.ToString().Contains("fhir", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Write_DeeplyNestedJson_FastRefusal400()
    {
        var deep = "{\"resourceType\":\"Basic\",\"x\":" + string.Concat(Enumerable.Repeat("[", 10_000)) + string.Concat(Enumerable.Repeat("]", 10_000)) + "}";
        using var content = new StringContent(deep, Encoding.UTF8, "application/fhir+json");

        using var response = await gateway.Client.PostAsync("fhir/remote/Patient", content);
        var outcome = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);

        Assert.Contains("nesting deeper", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_WrongContentType_415()
    {
        using var content = new StringContent("<Patient xmlns=\"http://hl7.org/fhir\"/>", Encoding.UTF8, "text/plain");

        using var response = await gateway.Client.PostAsync("fhir/remote/Patient", content);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Write_BodyOverLimit_413()
    {
        var big = "{\"resourceType\":\"Patient\",\"text\":{\"div\":\"" + new string('a', 17 * 1024 * 1024) + "\"}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "fhir/remote/Patient")
        {
            Content = new StringContent(big, Encoding.UTF8, "application/fhir+json"),
        };
        // As a well-behaved client sending a large body would: the gateway refuses before the body is sent.
        request.Headers.ExpectContinue = true;

        using var response = await gateway.Client.SendAsync(request);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Metadata_GatewayCapabilityStatement_ListsSourcesWithGatewayUrls()
    {
        using var response = await gateway.Client.GetAsync("fhir/metadata");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"resourceType\":\"CapabilityStatement\"", body, StringComparison.Ordinal);
        Assert.Contains(SourceBase, body, StringComparison.Ordinal);
        Assert.DoesNotContain(upstream.Base, body, StringComparison.Ordinal);
    }
}
