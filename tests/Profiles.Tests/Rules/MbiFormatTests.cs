using Hl7.Fhir.Model;
using Lead.Profiles.Rules;

namespace Lead.Profiles.Tests.Rules;

[Collection(ValidatorCollection.Name)]
public sealed class MbiFormatTests(ValidatorFixture fixture)
{
    [Theory]
    [InlineData("1EG4TE5MK73", true)]
    [InlineData("9AA0A0A0AA00", false)] // 12 characters
    [InlineData("1eg4te5mk73", false)] // lower case
    [InlineData("1SG4TE5MK73", false)] // S excluded
    [InlineData("1EG4TE5MK7", false)] // 10 characters
    [InlineData("0EG4TE5MK73", false)] // position 1 must be 1-9
    [InlineData("1E14TE5MK73", true)] // position 3 may be a digit
    [InlineData("1EGATE5MK73", false)] // position 4 must be a digit
    [InlineData("1EG4TO5MK73", false)] // O excluded at position 6
    [InlineData("1EG4-E5MK73", false)]
    public void MbiFormat_Value_MatchesCmsRules(string mbi, bool valid) =>
        Assert.Equal(valid, MbiFormat.IsValid(mbi));

    [Theory]
    [InlineData("1EG4TE5MK73", true)]
    [InlineData("1eg4te5mk73", false)]
    [InlineData("1SG4TE5MK73", false)]
    [InlineData("1EG4TE5MK7", false)]
    public void LeadPatientInvariant_Mbi_AgreesWithFormat(string mbi, bool valid)
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.Identifier[0].Value = mbi;

        var outcome = fixture.Validator.Validate(patient);

        Assert.Equal(valid, !outcome.Issue.Any(i => i.IsError() && (i.Details?.Text ?? "").Contains("lead-mbi-1", StringComparison.Ordinal)));
    }

    [Fact]
    public void MbiPattern_ProfileInvariant_UsesTheSameRegex()
    {
        var profile = File.ReadAllText(Path.Combine(TestPaths.Definitions, "StructureDefinition-lead-patient.json"));

        Assert.Contains($"value.matches('{MbiFormat.Pattern}')", profile, StringComparison.Ordinal);
    }
}
