using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Lead.Gateway.Tests.Sandbox;

/// <summary>Small HTTP helpers: FHIR JSON in, JsonDocument out.</summary>
internal static class Fhir
{
    public static StringContent Json(string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        return content;
    }

    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.False(string.IsNullOrEmpty(text), $"Expected a body with status {(int)response.StatusCode}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..12];

    public static string PatientJson(string identifierValue, string family = "Testperson", string? id = null) =>
        $$"""{"resourceType":"Patient",{{(id is null ? "" : $"\"id\":\"{id}\",")}}"identifier":[{"system":"urn:test:mrn","value":"{{identifierValue}}"}],"name":[{"family":"{{family}}"}]}""";

    public static async Task<JsonElement> CreateAsync(HttpClient client, string type, string json)
    {
        var response = await client.PostAsync(type, Json(json));
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        return await BodyAsync(response);
    }

    public static IEnumerable<JsonElement> Entries(JsonElement bundle, string? mode = null) =>
        bundle.TryGetProperty("entry", out var entries)
            ? entries.EnumerateArray().Where(e => mode is null || e.GetProperty("search").GetProperty("mode").GetString() == mode)
            : [];

    public static string? Link(JsonElement bundle, string relation) =>
        bundle.GetProperty("link").EnumerateArray().Where(l => l.GetProperty("relation").GetString() == relation)
            .Select(l => l.GetProperty("url").GetString()).FirstOrDefault();

    public static string Diagnostics(JsonElement outcome) =>
        string.Join(" | ", outcome.GetProperty("issue").EnumerateArray().Select(i => i.TryGetProperty("diagnostics", out var d) ? d.GetString() : ""));
}
