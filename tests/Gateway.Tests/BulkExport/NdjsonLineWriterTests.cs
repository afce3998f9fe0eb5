using System.Text;
using System.Text.Json;
using Lead.Gateway.BulkExport.Jobs;
using Lead.Gateway.Routing;
using Lead.Profiles;

namespace Lead.Gateway.Tests.BulkExport;

public sealed class NdjsonLineWriterTests
{
    private const string Page = """
        {"resourceType":"Bundle","type":"searchset","entry":[
          {"fullUrl":"http://up:9/fhir/Observation/o1","resource":{"resourceType":"Observation","id":"o1",
            "meta":{"versionId":"2","source":"http://up:9/fhir","tag":[{"system":"https://lead-gateway.org/fhir/CodeSystem/gateway-source","code":"spoofed"},{"system":"x","code":"y"}]},
            "status":"final","subject":{"reference":"http://up:9/fhir/Patient/p1"}},"search":{"mode":"match"}},
          {"resource":{"resourceType":"Patient","id":"p1"},"search":{"mode":"include"}}]}
        """;

    [Fact]
    public async Task WritePage_MatchesOnly_MetaSourceAndTagSet_UrlsRewritten()
    {
        var line = Assert.Single(await WriteAsync([]));

        var meta = line.GetProperty("meta");
        Assert.Equal("https://gw/fhir/src", meta.GetProperty("source").GetString());
        Assert.Equal("2", meta.GetProperty("versionId").GetString());
        var tags = meta.GetProperty("tag").EnumerateArray().Select(t => $"{t.GetProperty("system").GetString()}|{t.GetProperty("code").GetString()}").ToList();
        Assert.Equal(["x|y", $"{LeadCanonicals.SourceTagSystem}|src"], tags);
        Assert.Equal("https://gw/fhir/src/Patient/p1", line.GetProperty("subject").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task WritePage_Elements_KeepsMandatoryAndNamed_MarksSubsetted()
    {
        var line = Assert.Single(await WriteAsync(["Observation.status", "Patient.name"]));

        Assert.Equal(["resourceType", "id", "meta", "status"], line.EnumerateObject().Select(p => p.Name));
        Assert.Contains(line.GetProperty("meta").GetProperty("tag").EnumerateArray(), t => t.GetProperty("code").GetString() == "SUBSETTED");
    }

    private static async Task<List<JsonElement>> WriteAsync(string[] elements)
    {
        using var writer = new NdjsonLineWriter("src", "https://gw/fhir/src", new UrlRewriter(["http://up:9/fhir"], "https://gw/fhir/src"), elements);
        using var page = JsonDocument.Parse(Page);
        using var output = new MemoryStream();
        var count = page.RootElement.GetProperty("entry").EnumerateArray().Count(writer.AddEntry);
        await writer.FlushAsync(output, CancellationToken.None);
        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(count, lines.Length);
        return lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
