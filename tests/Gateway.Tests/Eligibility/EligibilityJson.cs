using System.Net;
using System.Text.Json;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>Reads a <c>$lead-eligibility</c> Parameters answer: verdict, reasons, fact parts and source parts.</summary>
internal sealed class EligibilityJson(JsonElement root)
{
    public static async Task<EligibilityJson> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Parameters", root.GetProperty("resourceType").GetString());
        return new EligibilityJson(root) { Body = body };
    }

    public string Body { get; private init; } = "";

    public string Verdict => Parameter("verdict").GetProperty("valueCode").GetString()!;

    public IReadOnlyList<string> ReasonCodes => [.. Parameters("reason").Select(r => Value(r, "code"))];

    public IEnumerable<JsonElement> Parameters(string name) =>
        root.GetProperty("parameter").EnumerateArray().Where(p => p.GetProperty("name").GetString() == name);

    public JsonElement Parameter(string name) => Assert.Single(Parameters(name));

    /// <summary>The <c>status</c> part of a fact (originalMedicare, medicaid, dualStatus, attribution).</summary>
    public string Status(string fact) => Value(Parameter(fact), "status");

    /// <summary>The value of a part, as text (code, string, uri, boolean, or a Coding's code).</summary>
    public static string Value(JsonElement parameter, string part)
    {
        var element = Parts(parameter, part).First();
        foreach (var property in element.EnumerateObject().Where(p => p.Name.StartsWith("value", StringComparison.Ordinal)))
        {
            return property.Value.ValueKind switch
            {
                JsonValueKind.Object when property.Value.TryGetProperty("code", out var code) => code.GetString()!,
                JsonValueKind.String => property.Value.GetString()!,
                _ => property.Value.GetRawText(),
            };
        }

        throw new InvalidOperationException($"Part '{part}' has no value.");
    }

    public static IEnumerable<JsonElement> Parts(JsonElement parameter, string part) =>
        parameter.TryGetProperty("part", out var parts) ? parts.EnumerateArray().Where(p => p.GetProperty("name").GetString() == part) : [];

    /// <summary>The evidence resource URLs of a fact.</summary>
    public IReadOnlyList<string> Evidence(string fact) => [.. Parts(Parameter(fact), "evidence").Select(e => Value(e, "resource"))];

    public JsonElement Source(string id) => Assert.Single(Parameters("source"), s => Value(s, "id") == id);
}
