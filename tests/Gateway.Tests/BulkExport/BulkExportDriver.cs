using System.Net;
using System.Text;
using System.Text.Json;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>A Bulk Data client as a state system would run one: kick off, poll, download.</summary>
internal static class BulkExportDriver
{
    public static HttpRequestMessage KickOff(string path, bool lenient = false, HttpContent? body = null)
    {
        var request = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, path) { Content = body };
        request.Headers.Add("Prefer", lenient ? "respond-async, handling=lenient" : "respond-async");
        request.Headers.Add("Accept", "application/fhir+json");
        return request;
    }

    /// <summary>A POSTed Parameters body; values that look like references go as valueReference.</summary>
    public static StringContent Parameters(params (string Name, string Value)[] parameters)
    {
        var json = JsonSerializer.Serialize(new
        {
            resourceType = "Parameters",
            parameter = parameters.Select(p => p.Name == "patient"
                ? (object)new { name = p.Name, valueReference = new { reference = p.Value } }
                : new { name = p.Name, valueString = p.Value }),
        });
        return new StringContent(json, Encoding.UTF8, "application/fhir+json");
    }

    /// <summary>Kicks off and returns the absolute status URL (asserting 202 and Content-Location).</summary>
    public static async Task<Uri> StartAsync(HttpClient client, string path, bool lenient = false, HttpContent? body = null)
    {
        using var request = KickOff(path, lenient, body);
        using var response = await client.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var location = response.Content.Headers.ContentLocation ?? throw new InvalidOperationException("no Content-Location");
        Assert.True(location.IsAbsoluteUri, location.ToString());
        return location;
    }

    /// <summary>Polls until the manifest (200) arrives; any other final status fails the test.</summary>
    public static async Task<JsonElement> WaitAsync(HttpClient client, Uri status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(status);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return json.RootElement.Clone();
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(200);
        }

        throw new TimeoutException("The export did not finish in time.");
    }

    public static async Task<JsonElement> RunAsync(HttpClient client, string path, HttpContent? body = null) =>
        await WaitAsync(client, await StartAsync(client, path, body: body));

    /// <summary>Every line of every output file of the manifest (for one type, when given).</summary>
    public static async Task<List<JsonElement>> LinesAsync(HttpClient client, JsonElement manifest, string? type = null, string array = "output")
    {
        var lines = new List<JsonElement>();
        foreach (var output in manifest.GetProperty(array).EnumerateArray())
        {
            if (type is not null && output.GetProperty("type").GetString() != type)
            {
                continue;
            }

            using var response = await client.GetAsync(output.GetProperty("url").GetString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/fhir+ndjson", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            var fileLines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(output.GetProperty("count").GetInt32(), fileLines.Length);
            lines.AddRange(fileLines.Select(l => JsonDocument.Parse(l).RootElement.Clone()));
        }

        return lines;
    }

    public static string SourceOf(JsonElement resource) =>
        resource.GetProperty("meta").GetProperty("tag").EnumerateArray()
            .First(t => t.GetProperty("system").GetString() == Lead.Profiles.LeadCanonicals.SourceTagSystem).GetProperty("code").GetString()!;

    public static string Key(JsonElement resource) => $"{SourceOf(resource)}/{resource.GetProperty("resourceType").GetString()}/{resource.GetProperty("id").GetString()}";
}
