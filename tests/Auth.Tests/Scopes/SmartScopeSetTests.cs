using Lead.Auth.Scopes;

namespace Lead.Auth.Tests.Scopes;

public sealed class SmartScopeSetTests
{
    [Theory]
    [InlineData("patient/Observation.read", SmartContext.Patient, "Observation", SmartInteraction.Read | SmartInteraction.Search)]
    [InlineData("user/*.write", SmartContext.User, "*", SmartInteraction.Create | SmartInteraction.Update | SmartInteraction.Delete)]
    [InlineData("system/*.read", SmartContext.System, "*", SmartInteraction.Read | SmartInteraction.Search)]
    [InlineData("patient/*.*", SmartContext.Patient, "*", SmartInteraction.All)]
    [InlineData("patient/Observation.rs", SmartContext.Patient, "Observation", SmartInteraction.Read | SmartInteraction.Search)]
    [InlineData("system/*.cruds", SmartContext.System, "*", SmartInteraction.All)]
    [InlineData("user/Patient.u", SmartContext.User, "Patient", SmartInteraction.Update)]
    public void SmartScope_ValidScope_ParsesContextTypeAndInteractions(string scope, SmartContext context, string type, SmartInteraction interactions)
    {
        var set = SmartScopeSet.Parse(scope);

        var grant = Assert.Single(set.Grants);
        Assert.Equal(context, grant.Context);
        Assert.Equal(type, grant.ResourceType);
        Assert.Equal(interactions, grant.Interactions);
        Assert.Empty(set.Others);
    }

    [Theory]
    [InlineData("patient/Observation.sr")]      // v2 letters out of order
    [InlineData("patient/Observation.rr")]      // repeated letter
    [InlineData("patient/Observation.x")]
    [InlineData("patient/observation.read")]    // not a resource type
    [InlineData("admin/Observation.read")]
    [InlineData("Observation.read")]
    [InlineData("patient/Observation.read?category=laboratory")] // v1 has no constraints
    [InlineData("patient/Observation.rs?category")]
    [InlineData("*.*")]
    public void SmartScope_MalformedScope_GrantsNothing(string scope)
    {
        var set = SmartScopeSet.Parse(scope);

        Assert.Empty(set.Grants);
        Assert.Contains(scope, set.Others);
        Assert.False(set.Allows(SmartContext.Patient, "Observation", SmartInteraction.Read));
    }

    [Fact]
    public void SmartScope_V2Constraint_ParsesParameterAndDecodedValue()
    {
        var set = SmartScopeSet.Parse("patient/Observation.rs?category=http%3A%2F%2Fterminology.hl7.org%2FCodeSystem%2Fobservation-category%7Claboratory&status=final");

        var grant = Assert.Single(set.Grants);
        Assert.Equal(
            [new SmartScopeConstraint("category", "http://terminology.hl7.org/CodeSystem/observation-category|laboratory"), new SmartScopeConstraint("status", "final")],
            grant.Constraints);
    }

    [Fact]
    public void SmartScope_V1Read_AllowsReadAndSearchButNotWrite()
    {
        var set = SmartScopeSet.Parse("patient/Observation.read");

        Assert.True(set.Allows(SmartContext.Patient, "Observation", SmartInteraction.Read));
        Assert.True(set.Allows(SmartContext.Patient, "Observation", SmartInteraction.Search));
        Assert.False(set.Allows(SmartContext.Patient, "Observation", SmartInteraction.Create));
        Assert.False(set.Allows(SmartContext.User, "Observation", SmartInteraction.Read));
        Assert.False(set.Allows(SmartContext.Patient, "Condition", SmartInteraction.Read));
    }

    [Fact]
    public void SmartScope_V2ReadOnly_DoesNotAllowSearch()
    {
        var set = SmartScopeSet.Parse("patient/Observation.r");

        Assert.True(set.Allows(SmartContext.Patient, "Observation", SmartInteraction.Read));
        Assert.False(set.Allows(SmartContext.Patient, "Observation", SmartInteraction.Search));
    }

    [Fact]
    public void SmartScope_Wildcard_CoversEveryType()
    {
        var set = SmartScopeSet.Parse("system/*.rs");

        Assert.True(set.Allows(SmartContext.System, "Encounter", SmartInteraction.Search));
        Assert.False(set.Allows(SmartContext.System, "Encounter", SmartInteraction.Delete));
    }

    [Fact]
    public void SmartScope_OtherScopes_KeptSeparately()
    {
        var set = SmartScopeSet.Parse("openid fhirUser launch/patient offline_access patient/Patient.rs");

        Assert.Single(set.Grants);
        Assert.True(set.Others.SetEquals(["openid", "fhirUser", "launch/patient", "offline_access"]));
        Assert.True(set.Contains("launch/patient"));
    }
}
