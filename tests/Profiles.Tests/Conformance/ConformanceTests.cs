using System.Text.Json;
using Xunit.Abstractions;

namespace Lead.Profiles.Tests.Conformance;

/// <summary>
/// The 272 R4 validator test cases through LeadValidator: agreement with the Firely SDK team's recorded verdicts
/// (regression measure, must not drop below Conformance/baseline.json) and with the HL7 Java validator (reported).
/// Writes docs/conformance.md.
/// </summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    [SharedFact]
    public void ConformanceSuite_AllCases_FirelyAgreementAtLeastBaseline()
    {
        var suite = Path.Combine(TestPaths.Shared()!, "conformance", "fhir-test-cases-r4");
        var runner = new ConformanceRunner(suite);
        var cases = runner.LoadIndex();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var verdicts = cases.Select(runner.Run).ToList();
        var figures = ConformanceFigures.From(verdicts);

        var strictRunner = new ConformanceRunner(suite, unknownExtensionsAreErrors: true);
        var strict = ConformanceFigures.From([.. cases.Select(strictRunner.Run)]);

        output.WriteLine($"{cases.Count} cases, two settings, in {clock.Elapsed.TotalSeconds:F0} s");
        output.WriteLine($"Firely agreement {figures.FirelyAgreed}/{figures.FirelyTotal}, Java agreement {figures.JavaAgreed}/{figures.JavaTotal}");
        output.WriteLine($"strict extensions: Firely agreement {strict.FirelyAgreed}/{strict.FirelyTotal}, Java agreement {strict.JavaAgreed}/{strict.JavaTotal}");
        ConformanceReport.Write(figures, strict, cases.Count);
        var baseline = Baseline();
        Assert.Equal(272, cases.Count);
        Assert.True(
            figures.FirelyAgreed * baseline.FirelyTotal >= baseline.FirelyAgreed * figures.FirelyTotal,
            $"Firely-baseline agreement dropped: {figures.FirelyAgreed}/{figures.FirelyTotal} < recorded {baseline.FirelyAgreed}/{baseline.FirelyTotal}. Disagreements:\n"
            + string.Join("\n", figures.FirelyDisagreements));
    }

    private static BaselineFile Baseline() =>
        JsonSerializer.Deserialize<BaselineFile>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Conformance", "baseline.json")), Web)!;

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record BaselineFile(int FirelyAgreed, int FirelyTotal);
}
