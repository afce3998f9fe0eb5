using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Smart;

/// <summary>
/// The authorization server replaced by another SMART server (Auth:Authority): here a second gateway plays the
/// deployment's existing server. The gateway under test hosts no /auth, validates that server's tokens, and sends
/// clients there through discovery and its CapabilityStatement.
/// </summary>
public sealed class ExternalAuthorityTests : IAsyncLifetime
{
    private GatewayHost authority = null!;
    private GatewayHost gateway = null!;
    private FakeUpstream upstream = null!;

    public async Task InitializeAsync()
    {
        authority = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Sandbox:Enabled"] = "false" });
        upstream = await FakeUpstream.StartAsync();
        gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sandbox:Enabled"] = "false",
            ["Sources:remote:Kind"] = "hie",
            ["Sources:remote:BaseUrl"] = upstream.Base,
            ["Auth:Authority"] = new Uri(authority.BaseAddress, "auth").AbsoluteUri,
            // The other server issues tokens for its own FHIR base in this test.
            ["Auth:FhirBaseUrls:0"] = new Uri(authority.BaseAddress, "fhir").AbsoluteUri,
        });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await authority.DisposeAsync();
        await upstream.DisposeAsync();
    }

    [Fact]
    public async Task ExternalAuthority_TokenFromIt_Accepted_NoLocalAuthServer()
    {
        var token = await TestClients.GetTokenAsync(authority.BaseAddress, "system/*.rs");
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var read = await client.GetAsync("fhir/remote/Patient/abc");
        using var localToken = await gateway.Anonymous.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }));

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, localToken.StatusCode);
    }

    [Fact]
    public async Task ExternalAuthority_Discovery_PointsAtIt()
    {
        using var discovery = JsonDocument.Parse(await gateway.Anonymous.GetStringAsync("fhir/.well-known/smart-configuration"));
        var metadata = await gateway.Anonymous.GetStringAsync("fhir/metadata");

        var tokenEndpoint = new Uri(authority.BaseAddress, "auth/token").AbsoluteUri;
        Assert.Equal(tokenEndpoint, discovery.RootElement.GetProperty("token_endpoint").GetString());
        Assert.Contains(tokenEndpoint, metadata, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalAuthority_ForgedToken_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/remote/Patient/abc");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InN5c3RlbS8qLnJzIn0.c2ln");

        using var response = await gateway.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
