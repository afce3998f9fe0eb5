using System.Net;
using System.Text.Json;

namespace Lead.Gateway.Tests.Infrastructure;

internal static class OutcomeAssert
{
    /// <summary>Asserts the status and that the body is a FHIR OperationOutcome; returns the body text.</summary>
    public static async Task<string> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("OperationOutcome", json.RootElement.GetProperty("resourceType").GetString());
        Assert.NotEmpty(json.RootElement.GetProperty("issue").EnumerateArray());
        return body;
    }
}
