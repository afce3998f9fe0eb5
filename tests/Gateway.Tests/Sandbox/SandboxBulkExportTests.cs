using System.Net;
using System.Text.Json;

namespace Lead.Gateway.Tests.Sandbox;

/// <summary>The sandbox servers' own Bulk Data <c>$export</c>, spoken to directly as the gateway's delegated mode does.</summary>
[Collection(SandboxCollection.Name)]
public sealed class SandboxBulkExportTests(SandboxFixture fixture)
{
    private readonly HttpClient client = fixture.Host.Client();

    [Fact]
    public async Task SystemExport_KickOffStatusManifestFilesDelete_FollowTheProtocol()
    {
        using var kickOff = await SendAsync(HttpMethod.Get, "$export?_type=Patient,Coverage&_outputFormat=application%2Ffhir%2Bndjson");
        Assert.Equal(HttpStatusCode.Accepted, kickOff.StatusCode);
        var status = kickOff.Content.Headers.ContentLocation!;
        Assert.True(status.IsAbsoluteUri);
        Assert.StartsWith(client.BaseAddress!.AbsoluteUri + "$export-status/", status.AbsoluteUri, StringComparison.Ordinal);

        using (var running = await client.GetAsync(status))
        {
            Assert.Equal(HttpStatusCode.Accepted, running.StatusCode);
            Assert.NotNull(running.Headers.RetryAfter?.Delta);
        }

        var manifest = await WaitAsync(status);
        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        Assert.Equal(client.BaseAddress!.AbsoluteUri + "$export?_type=Patient,Coverage&_outputFormat=application%2Ffhir%2Bndjson", manifest.GetProperty("request").GetString());
        var ids = new List<string>();
        foreach (var output in manifest.GetProperty("output").EnumerateArray())
        {
            using var file = await client.GetAsync(output.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, file.StatusCode);
            Assert.Equal("application/fhir+ndjson", file.Content.Headers.ContentType?.MediaType);
            var lines = (await file.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(output.GetProperty("count").GetInt32(), lines.Length);
            foreach (var line in lines)
            {
                using var resource = JsonDocument.Parse(line);
                Assert.Equal(output.GetProperty("type").GetString(), resource.RootElement.GetProperty("resourceType").GetString());
                ids.Add(resource.RootElement.GetProperty("id").GetString()!);
            }
        }

        Assert.Contains("seed-p1", ids);
        Assert.Contains("seed-c1", ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        using var delete = await SendAsync(HttpMethod.Delete, status.AbsoluteUri);
        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        using var gone = await client.GetAsync(status);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(gone)).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task PatientExport_SinceInTheFuture_EmptyOutput()
    {
        using var kickOff = await SendAsync(HttpMethod.Get, "Patient/$export?_type=Patient,Coverage&_since=2999-01-01T00:00:00Z");
        Assert.Equal(HttpStatusCode.Accepted, kickOff.StatusCode);

        var manifest = await WaitAsync(kickOff.Content.Headers.ContentLocation!);

        Assert.Empty(manifest.GetProperty("output").EnumerateArray());
    }

    [Fact]
    public async Task PatientExport_OnlyPatientCompartmentTypes()
    {
        using var kickOff = await SendAsync(HttpMethod.Get, "Patient/$export?_type=Patient,Organization");
        var manifest = await WaitAsync(kickOff.Content.Headers.ContentLocation!);

        Assert.Equal(["Patient"], manifest.GetProperty("output").EnumerateArray().Select(o => o.GetProperty("type").GetString()).Distinct());
    }

    [Theory]
    [InlineData("$export", false, HttpStatusCode.BadRequest)]
    [InlineData("$export?_typeFilter=Patient%3Factive%3Dtrue", true, HttpStatusCode.BadRequest)]
    [InlineData("$export?_typeFilter=Patient%3Factive%3Dtrue", true, HttpStatusCode.Accepted, "respond-async, handling=lenient")]
    [InlineData("$export?_type=NotAType", true, HttpStatusCode.BadRequest)]
    public async Task KickOff_Refusals_AreOperationOutcomes(string path, bool respondAsync, HttpStatusCode expected, string? prefer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (respondAsync)
        {
            request.Headers.Add("Prefer", prefer ?? "respond-async");
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(response)).GetProperty("resourceType").GetString());
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Prefer", "respond-async");
        return await client.SendAsync(request);
    }

    private async Task<JsonElement> WaitAsync(Uri status)
    {
        for (var i = 0; i < 300; i++)
        {
            using var response = await client.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            }

            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            await Task.Delay(100);
        }

        throw new TimeoutException("The sandbox export did not finish.");
    }
}
