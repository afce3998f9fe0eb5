using System.Text.Json;
using Hl7.Fhir.Model;
using Lead.Profiles.Parsing;

namespace Lead.Profiles.Tests;

/// <summary>The shipped examples and the failure each invalid one is expected to produce (examples/invalid/expected.json).</summary>
internal static class Examples
{
    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    public sealed record Expectation(string Severity, string Expression, string Message, string Why);

    public static IEnumerable<string> Valid() =>
        Directory.EnumerateFiles(TestPaths.Examples("valid"), "*.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static IReadOnlyDictionary<string, Expectation> Invalid()
    {
        var json = File.ReadAllText(Path.Combine(TestPaths.Examples("invalid"), "expected.json"));
        return JsonSerializer.Deserialize<Dictionary<string, Expectation>>(json, WebJson)!;
    }

    public static Resource Load(string kind, string file) =>
        new FhirRequestParser().ParseJson(File.ReadAllBytes(Path.Combine(TestPaths.Examples(kind), file))).Resource
        ?? throw new InvalidOperationException($"{kind}/{file} does not parse");
}
