using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Smart;

/// <summary>Every FHIR request through the gateway needs a valid token, and a token does only what its scopes and registration allow.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class SmartEnforcementTests(SandboxGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    private static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    [Theory]
    [InlineData("fhir/aco-sandbox/Patient")]
    [InlineData("fhir/medicaid-sandbox/Coverage/x")]
    [InlineData("fhir/Coverage?_count=1")]
    [InlineData("fhir/no-such-source/Patient")]
    [InlineData("fhir")]
    public async Task FhirRoute_NoToken_401WithChallengeAndOutcome(string path)
    {
        using var response = await Gateway.Anonymous.GetAsync(path);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Unauthorized);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FhirRoute_ForgedToken_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "fhir/aco-sandbox/Patient");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJzY29wZSI6InN5c3RlbS8qLmNydWRzIn0.");

        using var response = await Gateway.Anonymous.SendAsync(request);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("fhir/.well-known/smart-configuration")]
    [InlineData("fhir/aco-sandbox/.well-known/smart-configuration")]
    public async Task Discovery_NoToken_SmartConfiguration(string path)
    {
        using var json = JsonDocument.Parse(await Gateway.Anonymous.GetStringAsync(path));
        var root = json.RootElement;

        Assert.Equal(new Uri(Gateway.BaseAddress, "auth/token").AbsoluteUri, root.GetProperty("token_endpoint").GetString());
        Assert.Equal(["S256"], root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
        var capabilities = root.GetProperty("capabilities").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("permission-v2", capabilities);
        Assert.Contains("launch-standalone", capabilities);
        Assert.Contains("RS384", root.GetProperty("token_endpoint_auth_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Metadata_NoToken_CarriesOAuthUris()
    {
        var unified = await Gateway.Anonymous.GetStringAsync("fhir/metadata");
        using var source = await Gateway.Anonymous.GetAsync("fhir/aco-sandbox/metadata");

        Assert.Contains("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris", unified, StringComparison.Ordinal);
        Assert.Contains(new Uri(Gateway.BaseAddress, "auth/token").AbsoluteUri, unified, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, source.StatusCode);

        // A source's own CapabilityStatement, as the gateway serves it, names the gateway's SMART endpoints too.
        using var statement = JsonDocument.Parse(await source.Content.ReadAsStringAsync());
        var security = statement.RootElement.GetProperty("rest")[0].GetProperty("security");
        Assert.Equal("SMART-on-FHIR", security.GetProperty("service")[0].GetProperty("coding")[0].GetProperty("code").GetString());
        var oauth = security.GetProperty("extension").EnumerateArray()
            .Single(e => e.GetProperty("url").GetString() == "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris");
        var token = oauth.GetProperty("extension").EnumerateArray().Single(e => e.GetProperty("url").GetString() == "token");
        Assert.Equal(new Uri(Gateway.BaseAddress, "auth/token").AbsoluteUri, token.GetProperty("valueUri").GetString());
        Assert.Equal("CapabilityStatement", statement.RootElement.GetProperty("resourceType").GetString());
        Assert.True(statement.RootElement.GetProperty("rest")[0].GetProperty("resource").GetArrayLength() > 0);
    }

    [Fact]
    public async Task TypeNotGranted_403()
    {
        using var client = Gateway.CreateClient("system/Patient.rs");

        using var observations = await client.GetAsync("fhir/aco-sandbox/Observation?_count=1");
        using var create = await client.PostAsync("fhir/aco-sandbox/Patient", Fhir("""{"resourceType":"Patient","gender":"unknown"}"""));
        using var patients = await client.GetAsync("fhir/aco-sandbox/Patient?_count=1");

        await OutcomeAssert.ReadAsync(observations, HttpStatusCode.Forbidden);
        await OutcomeAssert.ReadAsync(create, HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, patients.StatusCode);
    }

    [Fact]
    public async Task IncludeOfUngrantedType_403()
    {
        using var client = Gateway.CreateClient("system/Coverage.rs");

        using var response = await client.GetAsync("fhir/medicaid-sandbox/Coverage?_include=Coverage:beneficiary:Patient");

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task V2Constraint_SearchConfinedToCategory_OtherCategoryRefused()
    {
        using var lab = Gateway.CreateClient("system/Observation.rs?category=laboratory");

        using var search = await lab.GetAsync("fhir/aco-sandbox/Observation?_count=100");
        using var json = JsonDocument.Parse(await search.Content.ReadAsStringAsync());
        using var vitals = await lab.GetAsync("fhir/aco-sandbox/Observation?category=vital-signs");

        var entries = json.RootElement.GetProperty("entry").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Contains("\"laboratory\"", e.GetProperty("resource").GetProperty("category").GetRawText(), StringComparison.Ordinal));
        await OutcomeAssert.ReadAsync(vitals, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task V2Constraint_ReadOfOtherCategory_403()
    {
        using var all = await Gateway.Client.GetAsync("fhir/aco-sandbox/Observation?category=vital-signs&_count=1");
        var vitalId = JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString();
        using var lab = Gateway.CreateClient("system/Observation.rs?category=laboratory");

        using var read = await lab.GetAsync($"fhir/aco-sandbox/Observation/{vitalId}");

        await OutcomeAssert.ReadAsync(read, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Transaction_OneEntryNotGranted_WholeBundleRefusedNothingWritten()
    {
        using var client = Gateway.CreateClient("system/Patient.cruds");
        var marker = Guid.NewGuid().ToString("N");
        var bundle = $$"""
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"resource":{"resourceType":"Patient","identifier":[{"system":"urn:test","value":"{{marker}}"}]},"request":{"method":"POST","url":"Patient"} },
          {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"} },"request":{"method":"POST","url":"Observation"} }
        ]}
        """;

        using var response = await client.PostAsync("fhir/hie-sandbox", Fhir(bundle));
        using var search = await Gateway.Client.GetAsync($"fhir/hie-sandbox/Patient?identifier=urn:test|{marker}");

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(0, JsonDocument.Parse(await search.Content.ReadAsStringAsync()).RootElement.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ClientRegisteredForOneSource_OtherSource403()
    {
        var token = await TestClients.GetTokenAsync(Gateway.BaseAddress, "system/*.rs", clientId: TestClients.AcoOnlyClientId);
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var aco = await client.GetAsync("fhir/aco-sandbox/Patient?_count=1");
        using var medicaid = await client.GetAsync("fhir/medicaid-sandbox/Patient?_count=1");

        Assert.Equal(HttpStatusCode.OK, aco.StatusCode);
        await OutcomeAssert.ReadAsync(medicaid, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ReadOnlyToken_Write403()
    {
        using var client = Gateway.CreateClient("system/*.rs");

        using var response = await client.PostAsync("fhir/aco-sandbox/Patient", Fhir("""{"resourceType":"Patient"}"""));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task CorsPreflight_BrowserApp_AllowedWithoutToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "fhir/aco-sandbox/Patient");
        request.Headers.Add("Origin", "https://app.example.org");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");

        using var response = await Gateway.Anonymous.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
