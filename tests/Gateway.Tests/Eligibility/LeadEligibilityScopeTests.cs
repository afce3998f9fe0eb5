using System.Net;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>The LEAD check consults a source only for what the caller's own token could read there (real SMART scopes).</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class LeadEligibilityScopeTests(SandboxGatewayFixture fixture)
{
    private async Task<EligibilityJson> CheckAsync(HttpClient client)
    {
        var mbi = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual].Mbi;
        using var response = await client.GetAsync($"fhir/Patient/$lead-eligibility?identifier={Uri.EscapeDataString($"{LeadCanonicals.MbiSystem}|{mbi}")}&date=2027-03-01");
        return await EligibilityJson.ReadAsync(response);
    }

    [Fact]
    public async Task LeadEligibility_TokenWithoutCoverageScope_SourcesUnknownNotAuthorised()
    {
        using var client = fixture.Gateway.CreateClient("system/Patient.rs system/Group.rs");

        var answer = await CheckAsync(client);

        Assert.NotEqual("eligible", answer.Verdict);
        var medicaid = answer.Source(SandboxSources.Medicaid);
        Assert.Equal("unknown", EligibilityJson.Value(medicaid, "status"));
        Assert.StartsWith("not authorised", EligibilityJson.Value(medicaid, "reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadEligibility_ClientRegisteredForAcoOnly_OtherSourcesNotAuthorised()
    {
        var token = await TestClients.GetTokenAsync(fixture.Gateway.BaseAddress, "system/*.rs", clientId: TestClients.AcoOnlyClientId);
        using var client = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        var answer = await CheckAsync(client);

        Assert.StartsWith("not authorised", EligibilityJson.Value(answer.Source(SandboxSources.Medicaid), "reason"), StringComparison.Ordinal);
        Assert.NotEqual("unknown", EligibilityJson.Value(answer.Source(SandboxSources.Aco), "status"));
    }

    [Fact]
    public async Task CoverageEligibilityRequest_ReadOnlyToken_403()
    {
        using var client = fixture.Gateway.CreateClient("system/*.rs");
        const string request = """{"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["validation"],"patient":{"reference":"Patient/x"},"created":"2026-11-29","insurer":{"display":"x"}}""";

        using var response = await client.PostAsync("fhir/CoverageEligibilityRequest", new StringContent(request, System.Text.Encoding.UTF8, "application/fhir+json"));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task LeadEligibility_NoToken_401()
    {
        using var response = await fixture.Gateway.Anonymous.GetAsync("fhir/Patient/$lead-eligibility?identifier=x|y");

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Unauthorized);
    }
}
