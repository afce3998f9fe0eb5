using System.Net;
using System.Net.Http.Headers;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Gateway.Tests.Smart;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Identity;

/// <summary><c>POST /fhir/Patient/$match</c> on the unified base, over the sandbox population.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class MatchTests(SandboxGatewayFixture fixture)
{
    private HttpClient Client => fixture.Gateway.Client;

    [Fact]
    public async Task Match_ByMbi_CertainRecordsFromAllSources()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        var patient = new { resourceType = "Patient", identifier = new[] { SyntheticPatients.MbiIdentifier(persona.Mbi!) } };

        using var response = await Client.PostAsync("fhir/Patient/$match", IdentityTestData.Fhir(IdentityTestData.MatchParameters(patient, onlyCertain: true)));
        var bundle = await IdentityTestData.JsonAsync(response);

        var matches = IdentityTestData.Matches(bundle);
        var fullUrls = matches.Select(m => m.GetProperty("fullUrl").GetString()).ToList();
        Assert.Equal("searchset", bundle.GetProperty("type").GetString());
        Assert.Equal(3, matches.Count);
        Assert.Contains(new Uri(fixture.Gateway.BaseAddress, $"fhir/{SandboxSources.Aco}/Patient/{persona.AcoPatientId}").AbsoluteUri, fullUrls);
        Assert.Contains(new Uri(fixture.Gateway.BaseAddress, $"fhir/{SandboxSources.Medicaid}/Patient/{persona.MedicaidPatientId}").AbsoluteUri, fullUrls);
        Assert.Contains(new Uri(fixture.Gateway.BaseAddress, $"fhir/{SandboxSources.Hie}/Patient/{persona.HiePatientId}").AbsoluteUri, fullUrls);
        Assert.All(matches, m => Assert.Equal("certain", IdentityTestData.Grade(m)));
        Assert.All(matches, m => Assert.InRange(m.GetProperty("search").GetProperty("score").GetDouble(), 0.99, 1.0));
        Assert.All(matches, m => Assert.Contains(m.GetProperty("resource").GetProperty("meta").GetProperty("tag").EnumerateArray(),
            t => t.GetProperty("system").GetString() == LeadCanonicals.SourceTagSystem));
    }

    [Fact]
    public async Task Match_DemographicsOnly_ProbableNeverCertain()
    {
        var persona = fixture.Personas[SeedPersonaKind.HieDemographicsOnly];
        var record = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Hie, persona.HiePatientId);
        var patient = new
        {
            resourceType = "Patient",
            name = new[] { new { family = record.Family, given = new[] { record.Given } } },
            birthDate = record.BirthDate,
        };

        using var all = await Client.PostAsync("fhir/Patient/$match", IdentityTestData.Fhir(IdentityTestData.MatchParameters(patient)));
        using var certain = await Client.PostAsync("fhir/Patient/$match", IdentityTestData.Fhir(IdentityTestData.MatchParameters(patient, onlyCertain: true)));
        var matches = IdentityTestData.Matches(await IdentityTestData.JsonAsync(all));

        var hie = Assert.Single(matches, m => m.GetProperty("fullUrl").GetString()!.EndsWith($"/{SandboxSources.Hie}/Patient/{persona.HiePatientId}", StringComparison.Ordinal));
        Assert.Equal("probable", IdentityTestData.Grade(hie));
        Assert.InRange(hie.GetProperty("search").GetProperty("score").GetDouble(), 0.5, 0.9);
        Assert.DoesNotContain(matches, m => IdentityTestData.Grade(m) == "certain");
        Assert.Contains(matches, m => m.GetProperty("fullUrl").GetString()!.Contains($"/{SandboxSources.Medicaid}/Patient/", StringComparison.Ordinal));
        Assert.Empty(IdentityTestData.Matches(await IdentityTestData.JsonAsync(certain)));
    }

    [Fact]
    public async Task Match_Count_LimitsCandidates()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        var patient = new { resourceType = "Patient", identifier = new[] { SyntheticPatients.MbiIdentifier(persona.Mbi!) } };

        using var response = await Client.PostAsync("fhir/Patient/$match", IdentityTestData.Fhir(IdentityTestData.MatchParameters(patient, count: 1)));

        var match = Assert.Single(IdentityTestData.Matches(await IdentityTestData.JsonAsync(response)));
        Assert.Equal(1.0, match.GetProperty("search").GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task Match_NoResourceParameter_400()
    {
        using var response = await Client.PostAsync("fhir/Patient/$match", IdentityTestData.Fhir("""{"resourceType":"Parameters","parameter":[{"name":"count","valueInteger":2}]}"""));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Match_PatientToken_403()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);
        var token = await driver.LaunchAsync("openid fhirUser launch/patient patient/*.rs", new Uri(fixture.Gateway.BaseAddress, "fhir").AbsoluteUri, persona.AcoPatientId!);
        using var client = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var patient = new { resourceType = "Patient", identifier = new[] { SyntheticPatients.MbiIdentifier(persona.Mbi!) } };

        using var response = await client.PostAsync("fhir/Patient/$match", IdentityTestData.Fhir(IdentityTestData.MatchParameters(patient)));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }
}
