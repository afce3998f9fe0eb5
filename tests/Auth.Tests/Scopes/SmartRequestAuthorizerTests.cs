using Lead.Auth.Scopes;

namespace Lead.Auth.Tests.Scopes;

public sealed class SmartRequestAuthorizerTests
{
    private static SmartTokenContext Token(string scope, string? patient = null) =>
        new(SmartScopeSet.Parse(scope), patient, null, "client");

    private static SmartAuthorizationDecision Decide(string method, string path, SmartTokenContext token) =>
        SmartRequestAuthorizer.Authorize(method, path, [], token);

    [Theory]
    [InlineData("GET", "Observation/1")]
    [InlineData("GET", "Observation?code=1234")]
    [InlineData("POST", "Observation/_search")]
    [InlineData("GET", "Observation/1/_history/2")]
    [InlineData("GET", "Observation/_history")]
    public void Authorizer_SystemReadSearch_AllowsReads(string method, string path)
    {
        var decision = Decide(method, path, Token("system/*.rs"));

        Assert.Equal(SmartDecisionKind.Allow, decision.Kind);
    }

    [Theory]
    [InlineData("POST", "Observation")]
    [InlineData("PUT", "Observation/1")]
    [InlineData("PATCH", "Observation/1")]
    [InlineData("DELETE", "Observation/1")]
    [InlineData("DELETE", "Observation?code=1")]
    public void Authorizer_SystemReadSearch_DeniesWrites(string method, string path)
    {
        var decision = Decide(method, path, Token("system/*.rs"));

        Assert.Equal(SmartDecisionKind.Deny, decision.Kind);
        Assert.Equal(403, decision.StatusCode);
    }

    [Fact]
    public void Authorizer_V2ReadOnly_DeniesSearch()
    {
        Assert.Equal(SmartDecisionKind.Deny, Decide("GET", "Observation?code=1", Token("system/Observation.r")).Kind);
        Assert.Equal(SmartDecisionKind.Allow, Decide("GET", "Observation/1", Token("system/Observation.r")).Kind);
    }

    [Fact]
    public void Authorizer_ConditionalUpdate_NeedsSearchToo()
    {
        Assert.Equal(SmartDecisionKind.Deny, Decide("PUT", "Patient?identifier=x", Token("system/Patient.u")).Kind);
        Assert.Equal(SmartDecisionKind.Allow, Decide("PUT", "Patient?identifier=x", Token("system/Patient.us")).Kind);
    }

    [Fact]
    public void Authorizer_OtherType_Denied()
    {
        var decision = Decide("GET", "Condition/1", Token("system/Observation.rs"));

        Assert.Equal(SmartDecisionKind.Deny, decision.Kind);
        Assert.Contains("Condition", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Authorizer_Batch_AsksForEntryCheck()
    {
        Assert.Equal(SmartDecisionKind.CheckBundleEntries, Decide("POST", "", Token("system/*.cruds")).Kind);
    }

    [Fact]
    public void Authorizer_BundleWithOneRefusedEntry_RefusesAll()
    {
        var (overall, entries) = SmartRequestAuthorizer.AuthorizeBundle(
            [("GET", "Observation/1"), ("DELETE", "Observation/2")], Token("system/*.rs"));

        Assert.Equal(SmartDecisionKind.Deny, overall.Kind);
        Assert.Contains("entry 1", overall.Reason, StringComparison.Ordinal);
        Assert.True(entries[0].IsAllowed);
        Assert.False(entries[1].IsAllowed);
    }

    [Fact]
    public void Authorizer_BundleAllAllowed_Allows()
    {
        var (overall, _) = SmartRequestAuthorizer.AuthorizeBundle([("GET", "Observation/1"), ("POST", "Observation")], Token("system/*.crs"));

        Assert.Equal(SmartDecisionKind.Allow, overall.Kind);
    }

    [Fact]
    public void Authorizer_Metadata_AllowedWithoutScopes()
    {
        Assert.Equal(SmartDecisionKind.Allow, Decide("GET", "metadata", Token("")).Kind);
    }

    [Fact]
    public void Authorizer_SystemSearchAcrossTypes_NeedsWildcard()
    {
        Assert.Equal(SmartDecisionKind.Deny, Decide("GET", "?_lastUpdated=gt2020", Token("system/Observation.rs")).Kind);
        Assert.Equal(SmartDecisionKind.Allow, Decide("GET", "", Token("system/*.rs")).Kind);
        Assert.Equal(SmartDecisionKind.Allow, Decide("GET", "?_type=Observation", Token("system/Observation.rs")).Kind);
    }

    [Fact]
    public void Authorizer_ConstrainedScope_ReturnsConstraintsToEnforce()
    {
        var decision = Decide("GET", "Observation?code=85354-9", Token("system/Observation.rs?category=laboratory"));

        Assert.Equal(SmartDecisionKind.Allow, decision.Kind);
        var set = Assert.Single(decision.RequiredConstraints);
        Assert.Equal([new SmartScopeConstraint("category", "laboratory")], set);
    }

    [Fact]
    public void Authorizer_ConstrainedScopeSatisfiedBySearch_NeedsNoMoreEnforcement()
    {
        var decision = Decide("GET", "Observation?category=laboratory", Token("system/Observation.rs?category=laboratory"));

        Assert.Equal(SmartDecisionKind.Allow, decision.Kind);
        Assert.Empty(decision.RequiredConstraints);
    }

    [Fact]
    public void Authorizer_ConstrainedAndUnconstrainedGrant_Unconstrained()
    {
        var decision = Decide("GET", "Observation?code=1", Token("system/Observation.rs?category=laboratory system/Observation.rs"));

        Assert.Empty(decision.RequiredConstraints);
    }

    [Fact]
    public void Authorizer_RevIncludeOfUncoveredType_Denied()
    {
        var decision = Decide("GET", "Patient?_revinclude=Provenance:target", Token("system/Patient.rs"));

        Assert.Equal(SmartDecisionKind.Deny, decision.Kind);
    }

    [Fact]
    public void Authorizer_TypedIncludeOfCoveredType_AllowedWithFiltering()
    {
        var decision = Decide("GET", "Observation?_include=Observation:subject:Patient", Token("system/Observation.rs system/Patient.rs"));

        Assert.Equal(SmartDecisionKind.Allow, decision.Kind);
        Assert.True(decision.FilterIncludes);
    }

    [Fact]
    public void Authorizer_UnknownPath_Denied()
    {
        Assert.Equal(SmartDecisionKind.Deny, Decide("GET", "observation/1", Token("system/*.rs")).Kind);
        Assert.Equal(SmartDecisionKind.Deny, Decide("POST", "Observation/1", Token("system/*.cruds")).Kind);
    }

    [Fact]
    public void Authorizer_FromPrincipal_ReadsIssuedClaims()
    {
        var principal = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
        [
            new System.Security.Claims.Claim("scope", "patient/Observation.rs launch/patient"),
            new System.Security.Claims.Claim("patient", "p1"),
        ], "test"));

        var decision = SmartRequestAuthorizer.Authorize("GET", "Observation", [], principal);

        Assert.Equal(SmartDecisionKind.AllowInPatientCompartment, decision.Kind);
        Assert.Equal("p1", decision.PatientId);
    }
}
