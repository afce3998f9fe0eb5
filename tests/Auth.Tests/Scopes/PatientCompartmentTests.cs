using Lead.Auth.Scopes;

namespace Lead.Auth.Tests.Scopes;

public sealed class PatientCompartmentTests
{
    private static readonly SmartTokenContext PatientToken = new(SmartScopeSet.Parse("patient/*.rs patient/Observation.c"), "p1", null, "app");

    private static SmartAuthorizationDecision Decide(string method, string path, SmartTokenContext? token = null) =>
        SmartRequestAuthorizer.Authorize(method, path, [], token ?? PatientToken);

    [Fact]
    public void Compartment_SearchOwnData_AllowedInCompartment()
    {
        var decision = Decide("GET", "Observation?code=1");

        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, decision.Kind);
        Assert.Equal("p1", decision.PatientId);
    }

    [Fact]
    public void Compartment_OwnPatientRead_AllowedInCompartment()
    {
        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, Decide("GET", "Patient/p1").Kind);
    }

    [Fact]
    public void Compartment_OtherPatientRead_NotFound()
    {
        var decision = Decide("GET", "Patient/p2");

        Assert.Equal(SmartDecisionKind.Deny, decision.Kind);
        Assert.Equal(404, decision.StatusCode);
    }

    [Fact]
    public void Compartment_OtherPatientCompartmentSearch_NotFound()
    {
        Assert.Equal(404, Decide("GET", "Patient/p2/Observation").StatusCode);
        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, Decide("GET", "Patient/p1/Observation").Kind);
    }

    [Theory]
    [InlineData("Observation?patient=p2")]
    [InlineData("Observation?subject=Patient/p2")]
    [InlineData("Observation?subject=https://x.example/fhir/Patient/p2")]
    [InlineData("Observation?patient=p1,p2")]
    [InlineData("Patient?_id=p2")]
    [InlineData("Observation?subject=Group/g1")]
    public void Compartment_SearchNamingOtherPatient_Denied(string path)
    {
        Assert.Equal(SmartDecisionKind.Deny, Decide("GET", path).Kind);
    }

    [Theory]
    [InlineData("Observation?patient=p1")]
    [InlineData("Observation?subject=Patient/p1")]
    public void Compartment_SearchNamingOwnPatient_Allowed(string path)
    {
        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, Decide("GET", path).Kind);
    }

    [Theory]
    [InlineData("Patient?_has:Observation:patient:code=1234")]
    [InlineData("Observation?subject.name=peter")]
    [InlineData("Observation?subject:Patient.name=peter")]
    public void Compartment_HasOrChainedSearch_Denied(string path)
    {
        var decision = Decide("GET", path);

        Assert.Equal(SmartDecisionKind.Deny, decision.Kind);
        Assert.Equal(403, decision.StatusCode);
    }

    [Fact]
    public void Compartment_PatientScopeWithoutPatientContext_FailsClosed()
    {
        var token = PatientToken with { PatientId = null };

        var decision = Decide("GET", "Observation", token);

        Assert.Equal(SmartDecisionKind.Deny, decision.Kind);
        Assert.Contains("patient context", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Compartment_CreateAllowedType_AllowedInCompartment()
    {
        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, Decide("POST", "Observation").Kind);
        Assert.Equal(SmartDecisionKind.Deny, Decide("POST", "Condition").Kind);
    }

    [Fact]
    public void Compartment_SystemLevelSearch_DeniedForPatientScopes()
    {
        Assert.Equal(SmartDecisionKind.Deny, Decide("GET", "").Kind);
    }

    [Fact]
    public void Compartment_ConstrainedPatientScope_KeepsBothCompartmentAndConstraint()
    {
        var token = new SmartTokenContext(SmartScopeSet.Parse("patient/Observation.rs?category=laboratory"), "p1", null, "app");

        var decision = Decide("GET", "Observation?code=1", token);

        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, decision.Kind);
        Assert.Single(decision.RequiredConstraints);
    }

    [Fact]
    public void Compartment_SystemAndPatientScopes_SystemWinsWithoutCompartment()
    {
        var token = new SmartTokenContext(SmartScopeSet.Parse("patient/*.rs system/Observation.rs"), "p1", null, "app");

        Assert.Equal(SmartDecisionKind.Allow, Decide("GET", "Observation?code=1", token).Kind);
        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, Decide("GET", "Condition?code=1", token).Kind);
    }
}
