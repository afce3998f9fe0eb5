using Lead.Auth.Scopes;

namespace Lead.Auth.Tests.Scopes;

public sealed class SmartScopeIntersectionTests
{
    private static IReadOnlyList<string> Intersect(string requested, string registered) =>
        SmartScopeIntersection.Intersect(SmartScopeSet.Parse(requested), SmartScopeSet.Parse(registered));

    [Fact]
    public void Intersect_SubsetRequested_KeepsRequestedScope()
    {
        Assert.Equal(["system/Observation.rs"], Intersect("system/Observation.rs", "system/*.rs"));
    }

    [Fact]
    public void Intersect_WiderRequested_NarrowsToRegistered()
    {
        Assert.Equal(["system/*.rs"], Intersect("system/*.cruds", "system/*.rs"));
    }

    [Fact]
    public void Intersect_WildcardRequestedSpecificRegistered_GrantsSpecificType()
    {
        Assert.Equal(["system/Patient.rs"], Intersect("system/*.read", "system/Patient.rs"));
    }

    [Fact]
    public void Intersect_OtherContext_GrantsNothing()
    {
        Assert.Empty(Intersect("user/*.rs", "system/*.rs"));
    }

    [Fact]
    public void Intersect_RequestRepeatingItsOwnConstraint_StillCarriesTheRegisteredOne()
    {
        // Repeating a constraint must not make the request look as narrow as the registration and stand as written.
        var granted = Assert.Single(Intersect("patient/Observation.rs?category=social-history&category=social-history", "patient/Observation.rs?category=laboratory"));

        var grant = Assert.Single(SmartScopeSet.Parse(granted).Grants);
        Assert.Contains(new SmartScopeConstraint("category", "laboratory"), grant.Constraints);
        Assert.Contains(new SmartScopeConstraint("category", "social-history"), grant.Constraints);
    }

    [Fact]
    public void Intersect_RegisteredConstraint_IsCarriedIntoGrant()
    {
        var granted = Assert.Single(Intersect("patient/Observation.rs", "patient/Observation.rs?category=laboratory"));

        var grant = Assert.Single(SmartScopeSet.Parse(granted).Grants);
        Assert.Equal([new SmartScopeConstraint("category", "laboratory")], grant.Constraints);
    }

    [Fact]
    public void Intersect_NonResourceScopes_OnlyWhenRegistered()
    {
        Assert.Equal(["openid"], Intersect("openid offline_access", "openid fhirUser"));
    }

    [Fact]
    public void Intersect_UnknownScope_Dropped()
    {
        Assert.Empty(Intersect("system/Observation.rs", "system/Patient.rs"));
    }
}
