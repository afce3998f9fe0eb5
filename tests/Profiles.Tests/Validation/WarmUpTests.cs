using Hl7.Fhir.Model;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests.Validation;

public sealed class WarmUpTests
{
    [Fact]
    public void WarmUp_CompilesEverySchemaTheLeadProfilesNeed_SoFirstRequestsCompileNothing()
    {
        var validator = LeadValidator.Create(TestPaths.Options(), ValidatorFixture.Core);
        Assert.Equal(0, validator.CompiledSchemaCount);
        validator.WarmUp();
        var warmed = validator.CompiledSchemaCount;
        Assert.True(warmed > validator.LeadProfiles.Count, $"warm-up compiled {warmed} schemas");

        // The invalid examples were not part of the warm-up: they stand for the first real requests.
        foreach (var (file, expected) in Examples.Invalid().OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            var outcome = validator.Validate(Examples.Load("invalid", file));
            Assert.Contains(outcome.Issue, i => string.Equals(i.Severity?.ToString(), expected.Severity, StringComparison.OrdinalIgnoreCase));
            Assert.True(validator.CompiledSchemaCount == warmed, $"{file} needed a schema warm-up did not compile");
        }
    }

    [Fact]
    public void WarmUp_ReleasesDefinitions_ButTypesItDidNotCoverStillValidate()
    {
        // Warm-up drops the cached StructureDefinitions once their schemas are compiled; a type it never compiled must
        // reload its definition from the specification on demand and validate as before.
        var validator = LeadValidator.Create(TestPaths.Options(), ValidatorFixture.Core);
        validator.WarmUp();
        var warmed = validator.CompiledSchemaCount;

        var bad = new Medication { Status = Medication.MedicationStatusCodes.Active, Amount = new Ratio { Numerator = new Quantity { Value = 1 } } };
        bad.Ingredient.Add(new Medication.IngredientComponent());
        var outcome = validator.Validate(bad);

        Assert.True(validator.CompiledSchemaCount > warmed, "Medication was compiled on demand");
        Assert.Contains(outcome.Issue, i => i.Severity == OperationOutcome.IssueSeverity.Error
            && i.Expression.Any(e => e is not null && e.StartsWith("Medication.ingredient[0]", StringComparison.Ordinal)));

        var good = new Medication { Status = Medication.MedicationStatusCodes.Active, Code = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "1049502") };
        Assert.DoesNotContain(validator.Validate(good).Issue, i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
    }
}
