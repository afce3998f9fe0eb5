using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Validation;

/// <summary>PATCH through the gateway (enforce, the sandbox default): the patched result is validated as a PUT of it would be.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class PatchValidationTests(SandboxGatewayFixture fixture)
{
    private HttpClient Client => fixture.Gateway.Client;

    [Fact]
    public async Task Patch_ValidResult_CommitsNewVersion()
    {
        var url = await PutLeadPatientAsync(Client);

        using var response = await Client.SendAsync(JsonPatch(url, """[{"op":"replace","path":"/name/0/given/0","value":"Patricia"}]"""));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var (current, etag) = await ReadAsync(Client, url);
        Assert.Equal("Patricia", current["name"]![0]!["given"]![0]!.GetValue<string>());
        Assert.Equal("W/\"2\"", etag);
    }

    [Theory]
    [InlineData("""[{"op":"remove","path":"/birthDate"}]""", "birthDate")]
    [InlineData("""[{"op":"replace","path":"/identifier/0/value","value":"1EG4TE5MK7S"}]""", "MBI")]
    public async Task Patch_ResultBreaksLeadPatient_422AndNothingChanged(string patch, string named)
    {
        var url = await PutLeadPatientAsync(Client);

        using var response = await Client.SendAsync(JsonPatch(url, patch));

        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(named, text, StringComparison.OrdinalIgnoreCase);
        var (current, etag) = await ReadAsync(Client, url);
        Assert.Equal("W/\"1\"", etag);
        Assert.Equal("1951-04-12", current["birthDate"]!.GetValue<string>());
        Assert.Equal("1EG4TE5MK73", current["identifier"]![0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_StaleIfMatch_412AndNothingChanged()
    {
        var url = await PutLeadPatientAsync(Client);
        var request = JsonPatch(url, """[{"op":"replace","path":"/gender","value":"male"}]""");
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"5\"");

        using var response = await Client.SendAsync(request);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.PreconditionFailed);
        var (current, etag) = await ReadAsync(Client, url);
        Assert.Equal("W/\"1\"", etag);
        Assert.Equal("female", current["gender"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_CurrentIfMatch_Commits()
    {
        var url = await PutLeadPatientAsync(Client);
        var request = JsonPatch(url, """[{"op":"replace","path":"/gender","value":"other"}]""");
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");

        using var response = await Client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("other", (await ReadAsync(Client, url)).Resource["gender"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""[{"op":"frobnicate","path":"/gender"}]""")]
    [InlineData("""{"op":"remove","path":"/gender"}""")]
    [InlineData("""[{"op":"replace","path":"/gender"}]""")]
    public async Task Patch_MalformedDocument_400(string patch)
    {
        var url = await PutLeadPatientAsync(Client);

        using var response = await Client.SendAsync(JsonPatch(url, patch));

        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("operation", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Patch_OperationNotApplicable_422NamingTheOperation()
    {
        var url = await PutLeadPatientAsync(Client);

        using var response = await Client.SendAsync(JsonPatch(url, """[{"op":"replace","path":"/gender","value":"male"},{"op":"test","path":"/birthDate","value":"2000-01-01"}]"""));

        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("operation 1", text, StringComparison.Ordinal);
        Assert.Equal("female", (await ReadAsync(Client, url)).Resource["gender"]!.GetValue<string>());
    }

    [Fact]
    public async Task Patch_FhirPathPatchWhereEnforced_415NotForwardedUnvalidated()
    {
        var url = await PutLeadPatientAsync(Client);
        var request = new HttpRequestMessage(HttpMethod.Patch, url)
        {
            Content = new StringContent("""{"resourceType":"Parameters","parameter":[{"name":"operation","part":[{"name":"type","valueCode":"delete"},{"name":"path","valueString":"Patient.birthDate"}]}]}""", Encoding.UTF8, "application/fhir+json"),
        };

        using var response = await Client.SendAsync(request);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("W/\"1\"", (await ReadAsync(Client, url)).ETag);
    }

    [Fact]
    public async Task Transaction_WithPatchEntryWhereEnforced_422NamingTheEntry_NothingCommitted()
    {
        var url = await PutLeadPatientAsync(Client);
        var patch = Convert.ToBase64String(Encoding.UTF8.GetBytes("""[{"op":"remove","path":"/birthDate"}]"""));
        var target = url["fhir/hie-sandbox/".Length..];
        var bundle = """{"resourceType":"Bundle","type":"transaction","entry":[{"resource":{"resourceType":"Binary","contentType":"application/json-patch+json","data":"DATA"},"request":{"method":"PATCH","url":"TARGET"}}]}"""
            .Replace("DATA", patch, StringComparison.Ordinal).Replace("TARGET", target, StringComparison.Ordinal);

        using var response = await Client.PostAsync("fhir/hie-sandbox", new StringContent(bundle, Encoding.UTF8, "application/fhir+json"));

        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("Bundle.entry[0].request.method", text, StringComparison.Ordinal);
        Assert.Equal("W/\"1\"", (await ReadAsync(Client, url)).ETag);
    }

    internal static async Task<string> PutLeadPatientAsync(HttpClient client, string source = "hie-sandbox")
    {
        var id = "patch-" + Guid.NewGuid().ToString("N")[..12];
        var patient = JsonNode.Parse(IngressValidationTests.Example("valid", "Patient-lead-patient.json"))!;
        patient["id"] = id;
        var url = $"fhir/{source}/Patient/{id}";
        using var put = await client.PutAsync(url, new StringContent(patient.ToJsonString(), Encoding.UTF8, "application/fhir+json"));
        Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        return url;
    }

    internal static HttpRequestMessage JsonPatch(string url, string patch)
    {
        var content = new StringContent(patch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json-patch+json");
        return new HttpRequestMessage(HttpMethod.Patch, url) { Content = content };
    }

    internal static async Task<(JsonNode Resource, string? ETag)> ReadAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (JsonNode.Parse(await response.Content.ReadAsStringAsync())!, response.Headers.ETag?.ToString());
    }
}
