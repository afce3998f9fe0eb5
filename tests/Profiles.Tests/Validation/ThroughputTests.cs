using System.Diagnostics;
using Firely.Fhir.Validation;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Xunit.Abstractions;

namespace Lead.Profiles.Tests.Validation;

/// <summary>
/// The service against a raw, reused Firely Validator on the same input, interleaved call by call so machine
/// noise hits both alike (the BenchmarkDotNet project gives absolute figures; this guards the ratio).
/// </summary>
[Collection(ValidatorCollection.Name)]
public sealed class ThroughputTests(ValidatorFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData("Patient-lead-patient.json")]
    [InlineData("Coverage-lead-medicaid.json")]
    public void LeadValidator_InterleavedWithRawFirely_StaysNearRawRate(string file)
    {
        var resolver = new CachedResolver(new SnapshotSource(new MultiResolver(new DirectorySource(TestPaths.Definitions), ValidatorFixture.Core.Resolver)));
        var raw = new Validator(resolver, new LocalTerminologyService(resolver));
        var resource = Examples.Load("valid", file);
        raw.Validate(resource);
        fixture.Validator.Validate(resource);
        var rawTimes = new List<double>();
        var serviceTimes = new List<double>();

        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            raw.Validate(resource);
            rawTimes.Add(clock.Elapsed.TotalMicroseconds);
            clock.Restart();
            fixture.Validator.Validate(resource);
            serviceTimes.Add(clock.Elapsed.TotalMicroseconds);
        }

        var rawMedian = rawTimes.Order().ElementAt(100);
        var serviceMedian = serviceTimes.Order().ElementAt(100);
        output.WriteLine($"{file}: raw {rawMedian:F0} µs, service {serviceMedian:F0} µs ({100 * rawMedian / serviceMedian:F0}% of the raw rate)");

        // The target is >= 90% of the raw rate; the bound is looser so a noisy shared CI machine does not flake.
        Assert.True(serviceMedian <= rawMedian * 1.3, $"service {serviceMedian:F0} µs vs raw {rawMedian:F0} µs");
    }
}
