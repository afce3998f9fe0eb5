using System.Text;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Profiles.Operations;

namespace Lead.Profiles.Tests.Operations;

[Collection(ValidatorCollection.Name)]
public sealed class ValidateOperationTests(ValidatorFixture fixture)
{
    private ValidateOperation Operation => new(fixture.Validator);

    [Fact]
    public void Validate_RawValidResource_Is200WithInformation()
    {
        var body = File.ReadAllBytes(Path.Combine(TestPaths.Examples("valid"), "Patient-lead-patient.json"));

        var result = Operation.Execute(body, "application/fhir+json", routeType: "Patient");

        Assert.Equal(200, result.StatusCode);
        Assert.All(result.Outcome.Issue, i => Assert.Equal(OperationOutcome.IssueSeverity.Information, i.Severity));
        Assert.NotEmpty(result.Outcome.Issue);
    }

    [Fact]
    public void Validate_ParametersWithProfile_ChecksThatProfile()
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.Meta = null;
        patient.Gender = null;
        var parameters = new Parameters();
        parameters.Add("resource", patient);
        parameters.Add("profile", new FhirUri(LeadCanonicals.LeadPatientProfile));
        parameters.Add("mode", new Code("create"));

        var result = Operation.Execute(parameters, routeType: "Patient");

        Assert.Equal(200, result.StatusCode);
        OutcomeAssert.HasIssue(result.Outcome, OperationOutcome.IssueSeverity.Error, "gender", "Patient");
    }

    [Fact]
    public void Validate_ProfileQuery_ChecksThatProfile()
    {
        var patient = (Patient)Examples.Load("valid", "Patient-lead-patient.json");
        patient.Meta = null;
        patient.Name.Clear();

        var result = Operation.Execute(patient, "Patient", profileQuery: LeadCanonicals.LeadPatientProfile);

        OutcomeAssert.HasIssue(result.Outcome, OperationOutcome.IssueSeverity.Error, "name", "Patient");
    }

    [Fact]
    public void Validate_TypeMismatch_Is400()
    {
        var result = Operation.Execute(Examples.Load("valid", "Patient-lead-patient.json"), routeType: "Coverage");

        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void Validate_UnknownMode_Is400()
    {
        var parameters = new Parameters();
        parameters.Add("resource", Examples.Load("valid", "Patient-lead-patient.json"));
        parameters.Add("mode", new Code("sideways"));

        var result = Operation.Execute(parameters, routeType: "Patient");

        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void Validate_MalformedBody_Is400()
    {
        var result = Operation.Execute("{\"resourceType\": "u8, "application/fhir+json", "Patient");

        Assert.Equal(400, result.StatusCode);
    }

    [Fact]
    public void Validate_ContentErrors_AreAllReported()
    {
        var json = "{\"resourceType\":\"Patient\",\"meta\":{\"profile\":[\"" + LeadCanonicals.LeadPatientProfile + "\"]},\"gender\":\"robot\",\"identifier\":[{\"system\":\"" + LeadCanonicals.MbiSystem + "\",\"value\":\"1eg4te5mk73\"}]}";

        var result = Operation.Execute(Encoding.UTF8.GetBytes(json), "application/fhir+json", "Patient");

        Assert.Equal(200, result.StatusCode);
        Assert.True(result.Outcome.Issue.Count(i => i.IsError()) >= 3, result.Outcome.Describe());
    }
}
