using Lead.Auth.Server;

namespace Lead.Auth.Tests.Server;

public sealed class FhirAudiencesTests
{
    private static readonly Uri Origin = new("https://gw.example");
    private static readonly string[] Patterns = ["/fhir", "/fhir/*", "https://other.example/r4"];

    [Theory]
    [InlineData("https://gw.example/fhir", true)]
    [InlineData("https://gw.example/fhir/", true)]
    [InlineData("https://gw.example/fhir/aco-east", true)]
    [InlineData("https://other.example/r4", true)]
    [InlineData("https://gw.example/fhir/aco-east/Patient", false)]
    [InlineData("https://gw.example/fhirx", false)]
    [InlineData("https://evil.example/fhir", false)]
    [InlineData("http://gw.example/fhir", false)]
    [InlineData("https://gw.example/fhir?x=1", false)]
    [InlineData("/fhir", false)]
    [InlineData(null, false)]
    public void FhirAudiences_IsAllowed_MatchesConfiguredBases(string? aud, bool expected)
    {
        Assert.Equal(expected, FhirAudiences.IsAllowed(aud, Origin, Patterns));
    }

    [Fact]
    public void FhirAudiences_Concrete_SkipsWildcards()
    {
        Assert.Equal(["https://gw.example/fhir", "https://other.example/r4"], FhirAudiences.Concrete(Origin, Patterns));
    }
}
