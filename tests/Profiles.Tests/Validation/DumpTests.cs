using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Profiles.Parsing;
using Xunit.Abstractions;

namespace Lead.Profiles.Tests.Validation;

[Collection(ValidatorCollection.Name)]
public sealed class DumpTests(ValidatorFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        output.WriteLine("warm-up " + fixture.WarmUpTime);
        var parser = new FhirRequestParser();
        foreach (var kind in new[] { "valid", "invalid" })
        {
            foreach (var file in Directory.EnumerateFiles(TestPaths.Examples(kind), "*.json").Order())
            {
                if (file.EndsWith("expected.json", StringComparison.Ordinal))
                {
                    continue;
                }

                var parsed = parser.ParseJson(File.ReadAllBytes(file));
                output.WriteLine($"== {kind}/{Path.GetFileName(file)} parse={parsed.StatusCode}");
                if (parsed.Resource is null)
                {
                    continue;
                }

                var oo = fixture.Validator.Validate(parsed.Resource);
                foreach (var i in oo.Issue)
                {
                    output.WriteLine($"   {i.Severity} {i.Code} [{string.Join(",", i.Expression)}] {i.Details?.Text} | {i.Diagnostics}");
                }
            }
        }
    }
}
