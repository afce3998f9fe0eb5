using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Lead.Gateway.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class SandboxPatchTests(SandboxFixture fixture)
{
    private readonly HttpClient client = fixture.Host.Client();

    [Fact]
    public async Task Patch_JsonPatch_AppliesBumpsVersionAndKeepsHistory()
    {
        var id = await CreateAsync("Before");

        var response = await client.SendAsync(Patch($"Patient/{id}", """[{"op":"test","path":"/name/0/family","value":"Before"},{"op":"replace","path":"/name/0/family","value":"After"},{"op":"add","path":"/gender","value":"female"}]"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("W/\"2\"", response.Headers.ETag!.ToString());
        var body = await Fhir.BodyAsync(response);
        Assert.Equal("After", body.GetProperty("name")[0].GetProperty("family").GetString());
        Assert.Equal("female", body.GetProperty("gender").GetString());
        var v1 = await Fhir.BodyAsync(await client.GetAsync($"Patient/{id}/_history/1"));
        Assert.Equal("Before", v1.GetProperty("name")[0].GetProperty("family").GetString());
    }

    [Fact]
    public async Task Patch_StaleIfMatch_Returns412AndChangesNothing()
    {
        var id = await CreateAsync("Before");
        var request = Patch($"Patient/{id}", """[{"op":"replace","path":"/name/0/family","value":"After"}]""");
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"7\"");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(response)).GetProperty("resourceType").GetString());
        Assert.Equal("W/\"1\"", (await client.GetAsync($"Patient/{id}")).Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Patch_CurrentIfMatch_Applies()
    {
        var id = await CreateAsync("Before");
        var request = Patch($"Patient/{id}", """[{"op":"remove","path":"/name"}]""");
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await Fhir.BodyAsync(response)).TryGetProperty("name", out _));
    }

    [Theory]
    [InlineData("""[{"op":"test","path":"/name/0/family","value":"Someone else"}]""", "operation 0")]
    [InlineData("""[{"op":"add","path":"/gender","value":"male"},{"op":"remove","path":"/birthDate"}]""", "operation 1")]
    [InlineData("""[{"op":"replace","path":"/id","value":"other"}]""", "id")]
    [InlineData("""[{"op":"add","path":"/gender","value":"not-a-gender"}]""", "gender")]
    public async Task Patch_NotApplicable_Returns422AndChangesNothing(string patch, string named)
    {
        var id = await CreateAsync("Before");

        var response = await client.SendAsync(Patch($"Patient/{id}", patch));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var outcome = await Fhir.BodyAsync(response);
        Assert.Contains(named, outcome.ToString(), StringComparison.Ordinal);
        var current = await client.GetAsync($"Patient/{id}");
        Assert.Equal("W/\"1\"", current.Headers.ETag!.ToString());
        Assert.False((await Fhir.BodyAsync(current)).TryGetProperty("gender", out _));
    }

    [Theory]
    [InlineData("""{"op":"remove","path":"/name"}""")]
    [InlineData("""[{"op":"frobnicate","path":"/name"}]""")]
    [InlineData("""[{"op":"replace","path":"/name"}]""")]
    public async Task Patch_Malformed_Returns400(string patch)
    {
        var id = await CreateAsync("Before");

        var response = await client.SendAsync(Patch($"Patient/{id}", patch));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(response)).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Patch_UnknownResource_Returns404()
    {
        var response = await client.SendAsync(Patch($"Patient/{Fhir.Unique("none")}", """[{"op":"remove","path":"/name"}]"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(response)).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Patch_FhirJsonBody_Returns415()
    {
        var id = await CreateAsync("Before");
        var request = new HttpRequestMessage(HttpMethod.Patch, $"Patient/{id}") { Content = Fhir.Json("""{"resourceType":"Parameters"}""") };

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private async Task<string> CreateAsync(string family) =>
        (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("mrn"), family))).GetProperty("id").GetString()!;

    private static HttpRequestMessage Patch(string path, string patch)
    {
        var content = new StringContent(patch, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json-patch+json");
        return new HttpRequestMessage(HttpMethod.Patch, path) { Content = content };
    }
}
