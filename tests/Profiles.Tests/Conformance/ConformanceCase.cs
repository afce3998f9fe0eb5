using System.Text.Json.Serialization;

namespace Lead.Profiles.Tests.Conformance;

/// <summary>One row of fhir-test-cases-r4/index.json (only the fields the figures need).</summary>
internal sealed record ConformanceCase(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("supporting")] IReadOnlyList<string> Supporting,
    [property: JsonPropertyName("profile")] string? Profile,
    [property: JsonPropertyName("java_expected")] string JavaExpected,
    [property: JsonPropertyName("profile_java_errors")] int? ProfileJavaErrors,
    [property: JsonPropertyName("firely_current_errors")] int? FirelyErrors,
    [property: JsonPropertyName("profile_firely_current_errors")] int? ProfileFirelyErrors);

internal sealed record ConformanceIndex([property: JsonPropertyName("cases")] IReadOnlyList<ConformanceCase> Cases);

/// <summary>Our verdicts for one case: base run and (when the case names a profile) profile run; null when not run.</summary>
internal sealed record CaseVerdict(ConformanceCase Case, bool BaseInvalid, bool? ProfileInvalid, string? Note);
