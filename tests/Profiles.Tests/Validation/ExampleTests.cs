using Hl7.Fhir.Model;

namespace Lead.Profiles.Tests.Validation;

[Collection(ValidatorCollection.Name)]
public sealed class ExampleTests(ValidatorFixture fixture)
{
    public static TheoryData<string> ValidFiles() => [.. Examples.Valid()];

    public static TheoryData<string> InvalidFiles() => [.. Examples.Invalid().Keys.Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(ValidFiles))]
    public void ValidExample_Validated_HasNoErrors(string file)
    {
        var outcome = fixture.Validator.Validate(Examples.Load("valid", file));

        OutcomeAssert.NoErrors(outcome);
    }

    [Theory]
    [MemberData(nameof(InvalidFiles))]
    public void InvalidExample_Validated_FailsForStatedReason(string file)
    {
        var expected = Examples.Invalid()[file];

        var outcome = fixture.Validator.Validate(Examples.Load("invalid", file));

        var severity = Enum.Parse<OperationOutcome.IssueSeverity>(expected.Severity, ignoreCase: true);
        OutcomeAssert.HasIssue(outcome, severity, expected.Message, expected.Expression);
    }

    [Fact]
    public void InvalidExamples_EveryFile_HasAnExpectation()
    {
        var files = Directory.EnumerateFiles(TestPaths.Examples("invalid"), "*.json").Select(Path.GetFileName).Where(f => f != "expected.json");

        Assert.Equal(files.Order(StringComparer.Ordinal), Examples.Invalid().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void LeadProfiles_EveryProfile_HasValidAndInvalidExamples()
    {
        var claimed = Examples.Valid().Select(f => Examples.Load("valid", f))
            .SelectMany(r => r is Bundle b ? b.Entry.Select(e => e.Resource).OfType<Resource>() : [r])
            .SelectMany(r => r.Meta?.Profile ?? [])
            .ToHashSet();
        var resourceProfiles = new[]
        {
            LeadCanonicals.LeadPatientProfile, LeadCanonicals.LeadMedicareCoverageProfile, LeadCanonicals.LeadMedicaidCoverageProfile,
            LeadCanonicals.LeadAttributionGroupProfile, LeadCanonicals.LeadSharedRiskAssessmentProfile,
            LeadCanonicals.LeadIntegratedCarePlanProfile, LeadCanonicals.LeadCareTransitionEncounterProfile,
        };

        Assert.All(resourceProfiles, p => Assert.Contains(p, claimed));
        Assert.All(resourceProfiles, p => Assert.Contains(p, fixture.Validator.LeadProfiles));
    }
}
