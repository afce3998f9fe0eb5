using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>A source that is down, too slow or not readable by the caller is an explicit unknown, never a silent guess.</summary>
public sealed class LeadEligibilitySourceFailureTests(SourceFailureFixture fixture) : IClassFixture<SourceFailureFixture>
{
    private async Task<EligibilityJson> CheckAsync(SeedPersonaKind kind, string date = "2027-03-01")
    {
        var mbi = fixture.Personas[kind].Mbi!;
        using var response = await fixture.Client.GetAsync($"fhir/Patient/$lead-eligibility?identifier={Uri.EscapeDataString($"{LeadCanonicals.MbiSystem}|{mbi}")}&date={date}");
        return await EligibilityJson.ReadAsync(response);
    }

    [Fact]
    public async Task LeadEligibility_MedicaidSourceDown_UnknownPartNamingItAndVerdictUnknown()
    {
        var answer = await CheckAsync(SeedPersonaKind.FullBenefitAttributedDual);

        var down = answer.Source(SourceFailureFixture.Down);
        Assert.Equal("unknown", EligibilityJson.Value(down, "status"));
        Assert.Contains("could not be reached", EligibilityJson.Value(down, "reason"), StringComparison.Ordinal);
        Assert.Equal("unknown", answer.Verdict);
        Assert.Contains(answer.Parameters("reason"), r => EligibilityJson.Value(r, "code") == "source-unknown"
            && EligibilityJson.Value(r, "text").Contains($"'{SourceFailureFixture.Down}'", StringComparison.Ordinal));
        // What the sources that answered said is still reported, with where it came from.
        Assert.Equal("covered", answer.Status("medicaid"));
        Assert.Equal("full", answer.Status("dualStatus"));
        Assert.Equal("found", EligibilityJson.Value(answer.Source(SandboxSources.Medicaid), "status"));
    }

    [Fact]
    public async Task LeadEligibility_SourceSlowerThanTimeout_UnknownTimeoutWhileOthersAnswer()
    {
        var answer = await CheckAsync(SeedPersonaKind.FullBenefitAttributedDual);

        var slow = answer.Source(SourceFailureFixture.Slow);
        Assert.Equal("unknown", EligibilityJson.Value(slow, "status"));
        Assert.Contains("timeout", EligibilityJson.Value(slow, "reason"), StringComparison.Ordinal);
        Assert.Equal("attributed", answer.Status("attribution"));
    }

    [Fact]
    public async Task LeadEligibility_OnlyCoverageNotInForceFound_WhileSourcesDown_UnknownNotNo()
    {
        // On a date before any of the person's Coverage began, the sources that answered hold Coverage not in force;
        // the Medicaid source that is down could hold one that is: not established, rather than "not covered".
        var answer = await CheckAsync(SeedPersonaKind.FullBenefitAttributedDual, "2001-01-01");

        Assert.Equal("unknown", answer.Status("medicaid"));
        Assert.Equal("unknown", answer.Status("originalMedicare"));
        Assert.DoesNotContain("no-medicaid", answer.ReasonCodes);
        Assert.DoesNotContain("no-original-medicare", answer.ReasonCodes);
        Assert.NotEqual("not-eligible", answer.Verdict);
    }

    [Fact]
    public async Task LeadEligibility_SourceNotAuthorised_UnknownNotAuthorisedAndNeverAsked()
    {
        var answer = await CheckAsync(SeedPersonaKind.FullBenefitAttributedDual);

        var secret = answer.Source(SourceFailureFixture.Secret);
        Assert.Equal("unknown", EligibilityJson.Value(secret, "status"));
        Assert.StartsWith("not authorised", EligibilityJson.Value(secret, "reason"), StringComparison.Ordinal);
        Assert.Contains("Coverage", EligibilityJson.Value(secret, "reason"), StringComparison.Ordinal);
        Assert.Empty(fixture.SecretUpstream.Received);
    }

    [Fact]
    public async Task LeadEligibility_MedicareAdvantageWhileSourcesDown_StillNotEligible()
    {
        var answer = await CheckAsync(SeedPersonaKind.MedicareAdvantageMember);

        Assert.Equal("not-eligible", answer.Verdict);
        Assert.Contains("medicare-advantage", answer.ReasonCodes);
        Assert.Contains("source-unknown", answer.ReasonCodes);
    }
}
