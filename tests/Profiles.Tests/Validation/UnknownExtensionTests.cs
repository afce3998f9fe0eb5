using Hl7.Fhir.Model;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests.Validation;

[Collection(ValidatorCollection.Name)]
public sealed class UnknownExtensionTests(ValidatorFixture fixture)
{
    [Fact]
    public void UnknownExtension_Default_IsAWarningWithLocation()
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.BirthDateElement!.Extension.Add(new Extension("https://partner.example/fhir/StructureDefinition/made-up", new FhirString("x")));

        var outcome = fixture.Validator.Validate(patient);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Warning, "is unknown to this gateway", "Patient.birthDate.extension[0]");
        OutcomeAssert.NoErrors(outcome);
    }

    [Fact]
    public void UnknownModifierExtension_IsAnError()
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.ModifierExtension.Add(new Extension("https://partner.example/fhir/StructureDefinition/made-up-modifier", new FhirBoolean(true)));

        var outcome = fixture.Validator.Validate(patient);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "Modifier extension", "Patient.modifierExtension[0]");
    }

    [Fact]
    public void UnknownExtension_StrictOption_IsAnError()
    {
        var strict = LeadValidator.Create(TestPaths.Options() with { UnknownExtensionsAreErrors = true, WarmUpExamplesDirectory = null }, ValidatorFixture.Core);
        var bundle = (Bundle)Examples.Load("valid", "Bundle-transaction-dual.json");
        ((DomainResource)bundle.Entry[0].Resource!).Extension = [new Extension("https://partner.example/fhir/StructureDefinition/made-up", new FhirString("x"))];

        var outcome = strict.ValidateBundleEntries(bundle);

        OutcomeAssert.HasIssue(outcome, OperationOutcome.IssueSeverity.Error, "is unknown to this gateway", "Bundle.entry[0].resource.extension[0]");
    }

    [Fact]
    public void KnownCoreExtension_IsValidatedNotReported()
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.Extension.Add(new Extension("http://hl7.org/fhir/StructureDefinition/patient-birthPlace", new FhirString("not an Address")));

        var outcome = fixture.Validator.Validate(patient);

        Assert.DoesNotContain(outcome.Issue, i => (i.Details?.Text ?? "").Contains("unknown to this gateway", StringComparison.Ordinal));
        Assert.Contains(outcome.Issue, OutcomeAssert.IsError);
    }
}
