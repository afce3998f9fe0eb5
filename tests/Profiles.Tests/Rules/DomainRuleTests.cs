using Hl7.Fhir.Model;

namespace Lead.Profiles.Tests.Rules;

[Collection(ValidatorCollection.Name)]
public sealed class DomainRuleTests(ValidatorFixture fixture)
{
    [Fact]
    public void MbiRule_BasePatientWithMalformedMbi_IsAnError()
    {
        var patient = new Patient { Identifier = [new Identifier(LeadCanonicals.MbiSystem, "1EG4TE5MK7Z")] };

        var outcome = fixture.Validator.Validate(patient);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "not a well-formed Medicare Beneficiary Identifier", "Patient.identifier[0].value");
    }

    [Fact]
    public void MbiRule_CoverageBeneficiaryIdentifier_IsChecked()
    {
        var coverage = (Coverage)Examples.Load("valid", "Coverage-lead-medicare.json");
        coverage.Beneficiary = new ResourceReference { Identifier = new Identifier(LeadCanonicals.MbiSystem, "1EG4TE5MK7") };

        var outcome = fixture.Validator.Validate(coverage);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "1EG4TE5MK7", "Coverage.beneficiary.identifier.value");
    }

    [Fact]
    public void CoverageOrder_MedicaidBeforeMedicare_IsAnError()
    {
        var outcome = fixture.Validator.ValidateBundleEntries((Bundle)Examples.Load("invalid", "Bundle-medicaid-before-medicare.json"));

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "must order before Medicaid Coverage", "Bundle.entry[2].resource.order");
    }

    [Fact]
    public void CoverageOrder_EqualOrders_IsAnError()
    {
        var bundle = (Bundle)Examples.Load("valid", "Bundle-transaction-dual.json");
        ((Coverage)bundle.Entry[2].Resource!).Order = 1;

        var outcome = fixture.Validator.ValidateBundleEntries(bundle);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "payer of last resort", "Bundle.entry[2].resource.order");
    }

    [Fact]
    public void CoverageOrder_DifferentBeneficiaries_AreNotCompared()
    {
        var bundle = (Bundle)Examples.Load("invalid", "Bundle-medicaid-before-medicare.json");
        ((Coverage)bundle.Entry[2].Resource!).Beneficiary = new ResourceReference("Patient/someone-else");

        var outcome = fixture.Validator.ValidateBundleEntries(bundle);

        Assert.DoesNotContain(outcome.Issue, i => (i.Details?.Text ?? "").Contains("payer of last resort", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("full", "02", true)]
    [InlineData("full", "04", true)]
    [InlineData("full", "08", true)]
    [InlineData("full", "01", false)]
    [InlineData("full", "03", false)]
    [InlineData("full", "09", false)]
    [InlineData("partial", "01", true)]
    [InlineData("partial", "02", false)]
    public void DualBenefit_FullOnlyWith020408(string benefit, string code, bool allowed)
    {
        var coverage = (Coverage)Examples.Load("valid", "Coverage-lead-medicaid.json");
        coverage.Extension[0].Value = new Coding(LeadCanonicals.DualStatusCodeSystem, code);
        coverage.Extension[1].Value = new Code(benefit);

        var outcome = fixture.Validator.Validate(coverage);

        Assert.Equal(allowed, !outcome.Issue.Any(i => i.IsError() && i.Expression.Contains("Coverage.extension[1]")));
    }

    [Fact]
    public void MedicareAdvantage_OnAttributionMember_IsAWarningNotAnError()
    {
        var outcome = fixture.Validator.ValidateBundleEntries((Bundle)Examples.Load("invalid", "Bundle-attribution-medicare-advantage.json"));

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Warning, "Medicare Advantage", "Bundle.entry[2].resource.member[0].extension[1]");
        OutcomeAssert.NoErrors(outcome);
    }

    [Fact]
    public void MedicareAdvantage_ContainedCoverage_IsAWarning()
    {
        var group = (Group)Examples.Load("valid", "Group-lead-attribution.json");
        var coverage = (Coverage)Examples.Load("valid", "Coverage-lead-medicare.json");
        coverage.Id = "ma";
        coverage.Meta = null;
        coverage.Type!.Coding[0].Code = "11";
        group.Contained.Add(coverage);
        group.Member[0].Extension[1].Value = new ResourceReference("#ma");

        var outcome = fixture.Validator.Validate(group);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Warning, "SOPT 11", "Group.member[0].extension[1]");
    }

    [Fact]
    public void OriginalMedicare_OnAttributionMember_HasNoWarning()
    {
        var bundle = (Bundle)Examples.Load("invalid", "Bundle-attribution-medicare-advantage.json");
        ((Coverage)bundle.Entry[1].Resource!).Type!.Coding[0].Code = "1";

        var outcome = fixture.Validator.ValidateBundleEntries(bundle);

        Assert.DoesNotContain(outcome.Issue, i => (i.Details?.Text ?? "").Contains("Medicare Advantage", StringComparison.Ordinal));
    }
}
