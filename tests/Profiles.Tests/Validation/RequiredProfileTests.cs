using Hl7.Fhir.Model;

namespace Lead.Profiles.Tests.Validation;

[Collection(ValidatorCollection.Name)]
public sealed class RequiredProfileTests(ValidatorFixture fixture)
{
    [Fact]
    public void RequiredProfile_ResourceWithoutClaim_IsCheckedAgainstIt()
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.Meta = null;
        patient.BirthDate = null;

        var outcome = fixture.Validator.Validate(patient, [LeadCanonicals.LeadPatientProfile]);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "birthDate", "Patient");
    }

    [Fact]
    public void NoRequiredProfile_ResourceWithoutClaim_OnlyBaseRulesApply()
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.Meta = null;
        patient.BirthDate = null;

        var outcome = fixture.Validator.Validate(patient);

        OutcomeAssert.NoErrors(outcome);
    }

    [Fact]
    public void RequiredProfile_Unknown_IsAnError()
    {
        var outcome = fixture.Validator.Validate(Examples.Load("valid", "Patient-lead-patient.json"), ["https://example.org/StructureDefinition/nope"]);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "Required profile 'https://example.org/StructureDefinition/nope' is unknown", "Patient");
    }

    [Fact]
    public void RequiredProfile_WrongResourceType_IsAnError()
    {
        var outcome = fixture.Validator.Validate(Examples.Load("valid", "Patient-lead-patient.json"), [LeadCanonicals.LeadMedicaidCoverageProfile]);

        Assert.Contains(outcome.Issue, i => i.IsError());
    }

    [Fact]
    public void ValidateBundleEntries_RequiredProfilePerEntry_ReportsEntryLocation()
    {
        var bundle = (Bundle)Examples.Load("valid", "Bundle-transaction-dual.json");
        var medicaid = (Coverage)bundle.Entry[2].Resource!;
        medicaid.Meta = null;
        medicaid.Extension.Clear();

        var outcome = fixture.Validator.ValidateBundleEntries(bundle, r => r is Coverage c && c.Id == "medicaid-1" ? [LeadCanonicals.LeadMedicaidCoverageProfile] : []);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "dualStatus", "Bundle.entry[2].resource");
    }

    [Fact]
    public void ValidateBundleEntries_ValidTransaction_HasNoErrors()
    {
        var outcome = fixture.Validator.ValidateBundleEntries((Bundle)Examples.Load("valid", "Bundle-transaction-dual.json"), _ => []);

        OutcomeAssert.NoErrors(outcome);
    }

    [Fact]
    public void ValidateBundleEntries_EntryClaimsUnknownProfile_ReportsEntryLocation()
    {
        var bundle = (Bundle)Examples.Load("valid", "Bundle-transaction-dual.json");
        bundle.Entry[0].Resource!.Meta!.ProfileElement.Add(new Hl7.Fhir.Model.Canonical("https://example.org/StructureDefinition/unknown"));

        var outcome = fixture.Validator.ValidateBundleEntries(bundle);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "is unknown to this gateway", "Bundle.entry[0].resource.meta.profile[1]");
    }
}
