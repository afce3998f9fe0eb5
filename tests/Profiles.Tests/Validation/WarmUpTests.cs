using System.Diagnostics;
using Lead.Profiles.Validation;
using Xunit.Abstractions;

namespace Lead.Profiles.Tests.Validation;

public sealed class WarmUpTests(ITestOutputHelper output)
{
    [Fact]
    public void WarmUp_ThenFirstValidationOfEachProfile_PaysNoColdStart()
    {
        var clock = Stopwatch.StartNew();
        var validator = LeadValidator.Create(TestPaths.Options(), ValidatorFixture.Core);
        var created = clock.Elapsed;
        var warmUp = validator.WarmUp();
        output.WriteLine($"create {created.TotalMilliseconds:F0} ms, warm-up {warmUp.TotalMilliseconds:F0} ms");

        // The invalid examples were not part of the warm-up: they stand for the first real requests.
        foreach (var file in Examples.Invalid().Keys.Order(StringComparer.Ordinal))
        {
            var resource = Examples.Load("invalid", file);
            clock.Restart();
            _ = validator.Validate(resource);
            output.WriteLine($"first {file}: {clock.Elapsed.TotalMilliseconds:F1} ms");

            // Cold, a first validation costs ~2.5-3 s; compiled schemas leave only terminology and first-call JIT.
            Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"{file} took {clock.Elapsed.TotalMilliseconds:F0} ms");
        }
    }
}
