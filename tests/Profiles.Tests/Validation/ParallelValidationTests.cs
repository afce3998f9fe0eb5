namespace Lead.Profiles.Tests.Validation;

[Collection(ValidatorCollection.Name)]
public sealed class ParallelValidationTests(ValidatorFixture fixture)
{
    [Fact]
    public void Validate_EightThreads_GiveIdenticalOutcomes()
    {
        var inputs = new[]
        {
            ("valid", "Patient-lead-patient.json"),
            ("valid", "Coverage-lead-medicaid.json"),
            ("invalid", "Patient-mbi-lowercase.json"),
            ("invalid", "Coverage-medicaid-unknown-dual-code.json"),
            ("invalid", "Bundle-medicaid-before-medicare.json"),
        }.Select(x => Examples.Load(x.Item1, x.Item2)).ToArray();
        var expected = inputs.Select(r => OutcomeAssert.Fingerprint(fixture.Validator.Validate(r))).ToArray();
        var mismatches = 0;

        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            for (var round = 0; round < 40; round++)
            {
                var i = (round + t) % inputs.Length;
                if (OutcomeAssert.Fingerprint(fixture.Validator.Validate(inputs[i])) != expected[i])
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(0, mismatches);
    }
}
