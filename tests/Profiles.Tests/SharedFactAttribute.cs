namespace Lead.Profiles.Tests;

/// <summary>A fact that needs ../shared (conformance cases); skipped with a reason where it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedFactAttribute : FactAttribute
{
    public SharedFactAttribute()
    {
        if (TestPaths.Shared() is null)
        {
            Skip = "shared/conformance/fhir-test-cases-r4 not found above the test folder (../shared from the repo root)";
        }
    }
}

/// <summary>A theory that needs ../shared; skipped with a reason where it is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedTheoryAttribute : TheoryAttribute
{
    public SharedTheoryAttribute()
    {
        if (TestPaths.Shared() is null)
        {
            Skip = "shared/conformance/fhir-test-cases-r4 not found above the test folder (../shared from the repo root)";
        }
    }
}
