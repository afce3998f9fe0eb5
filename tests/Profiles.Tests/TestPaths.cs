using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests;

internal static class TestPaths
{
    public static string Examples(string kind) => Path.Combine(AppContext.BaseDirectory, "profiles", "examples", kind);

    public static string Definitions => Path.Combine(AppContext.BaseDirectory, "profiles", "definitions");

    /// <summary>Shared across runs so the 60 MB core spec is extracted once per machine, not per test run.</summary>
    public static string ExtractDirectory => Path.Combine(Path.GetTempPath(), "lead-profiles-tests-spec");

    public static LeadValidatorOptions Options() => new() { ExtractDirectory = ExtractDirectory };

    /// <summary>The shared/ folder beside the repository (../shared from the repo root), found by walking up; null when absent.</summary>
    public static string? Shared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "conformance", "fhir-test-cases-r4");
            if (Directory.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "shared");
            }
        }

        return null;
    }
}
