using System.Net;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary><c>POST CoverageEligibilityRequest</c> adjudicated by medicaid-sandbox, through the gateway.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class SandboxEligibilityTests(SandboxGatewayFixture fixture)
{
    private const string DeliverySystemExtension = "https://lead-gateway.org/fhir/StructureDefinition/medicaid-delivery-system";

    private HttpClient Client => fixture.Gateway.Client;

    private string MedicaidBase => new Uri(fixture.Gateway.BaseAddress, $"fhir/{SandboxSources.Medicaid}").AbsoluteUri;

    private static string ByContainedMbi(string mbi, string purposes, string serviced) => $$$"""
        {"resourceType":"CoverageEligibilityRequest","status":"active","purpose":[{{{purposes}}}],
         "contained":[{"resourceType":"Patient","id":"p1","identifier":[{"system":"{{{LeadCanonicals.MbiSystem}}}","value":"{{{mbi}}}"}]}],
         "patient":{"reference":"#p1"},{{{serviced}}}"created":"2026-11-29","insurer":{"display":"State Medicaid Agency"}}
        """;

    private async Task<JsonElement> PostAsync(string path, string body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/fhir+json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        Assert.Equal("CoverageEligibilityResponse", root.GetProperty("resourceType").GetString());
        return root;
    }

    [Fact]
    public async Task CoverageEligibilityRequest_ValidationAtUnifiedBaseByContainedMbi_CompleteInforce()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

        var response = await PostAsync("fhir/CoverageEligibilityRequest", ByContainedMbi(persona.Mbi!, "\"validation\"", "\"servicedDate\":\"2026-06-15\","));

        Assert.Equal("complete", response.GetProperty("outcome").GetString());
        Assert.Equal("active", response.GetProperty("status").GetString());
        Assert.Equal(["validation"], response.GetProperty("purpose").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal($"{MedicaidBase}/Patient/{persona.MedicaidPatientId}", response.GetProperty("patient").GetProperty("reference").GetString());
        var insurance = Assert.Single(response.GetProperty("insurance").EnumerateArray());
        Assert.True(insurance.GetProperty("inforce").GetBoolean());
        Assert.StartsWith($"{MedicaidBase}/Coverage/", insurance.GetProperty("coverage").GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.True(insurance.TryGetProperty("benefitPeriod", out _));
        Assert.False(insurance.TryGetProperty("item", out _));
        Assert.Contains("Medicare is the primary payer", response.GetProperty("disposition").GetString(), StringComparison.Ordinal);
        Assert.True(response.TryGetProperty("created", out _));
    }

    [Fact]
    public async Task CoverageEligibilityRequest_Stored_RequestReferenceResolvesThroughGateway()
    {
        var persona = fixture.Personas[SeedPersonaKind.PartialBenefitDual];

        var response = await PostAsync($"fhir/{SandboxSources.Medicaid}/CoverageEligibilityRequest", ByContainedMbi(persona.Mbi!, "\"validation\"", ""));
        var requestUrl = response.GetProperty("request").GetProperty("reference").GetString()!;
        using var stored = await Client.GetAsync(requestUrl);
        using var kept = await Client.GetAsync($"{MedicaidBase}/CoverageEligibilityResponse/{response.GetProperty("id").GetString()}");

        Assert.StartsWith($"{MedicaidBase}/CoverageEligibilityRequest/", requestUrl, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
    }

    [Fact]
    public async Task CoverageEligibilityRequest_BenefitsForMcoMember_ItemsNameMcoAndFullDualStatus()
    {
        var persona = fixture.Personas[SeedPersonaKind.DsnpMember];
        var body = $$$"""
            {"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["benefits","validation"],
             "patient":{"reference":"{{{MedicaidBase}}}/Patient/{{{persona.MedicaidPatientId}}}"},
             "servicedPeriod":{"start":"2026-09-01","end":"2026-09-30"},"created":"2026-11-29","insurer":{"display":"x"}}
            """;

        var response = await PostAsync($"fhir/{SandboxSources.Medicaid}/CoverageEligibilityRequest", body);

        var insurance = Assert.Single(response.GetProperty("insurance").EnumerateArray());
        var items = insurance.GetProperty("item").EnumerateArray().ToList();
        Assert.Equal(["medicaid-full", "medicare-premiums", "medicare-cost-sharing"],
            items.Select(i => i.GetProperty("category").GetProperty("coding")[0].GetProperty("code").GetString()));
        Assert.All(items, i => Assert.False(i.GetProperty("excluded").GetBoolean()));
        var delivery = Extension(items[0], DeliverySystemExtension).GetProperty("valueCodeableConcept");
        Assert.Equal("21", delivery.GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.Contains(MedicaidOrganizations.McoNames[0], delivery.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("02", Extension(items[0], LeadCanonicals.DualStatusExtension).GetProperty("valueCoding").GetProperty("code").GetString());
        Assert.Contains(MedicaidOrganizations.McoNames[0], response.GetProperty("insurer").GetProperty("display").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoverageEligibilityRequest_BenefitsForPartialDual_FullMedicaidExcludedFeeForService()
    {
        var persona = fixture.Personas[SeedPersonaKind.PartialBenefitDual];

        var response = await PostAsync("fhir/CoverageEligibilityRequest", ByContainedMbi(persona.Mbi!, "\"benefits\"", "\"servicedDate\":\"2026-06-15\","));

        var items = Assert.Single(response.GetProperty("insurance").EnumerateArray()).GetProperty("item").EnumerateArray().ToList();
        Assert.True(items[0].GetProperty("excluded").GetBoolean());
        Assert.False(items[1].GetProperty("excluded").GetBoolean());
        Assert.Equal("2", Extension(items[0], DeliverySystemExtension).GetProperty("valueCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task CoverageEligibilityRequest_ServicedBeforeAndAfterDualStatusChange_DifferentCodes()
    {
        var persona = fixture.Personas[SeedPersonaKind.DualStatusChanged];

        var before = await PostAsync("fhir/CoverageEligibilityRequest", ByContainedMbi(persona.Mbi!, "\"benefits\"", "\"servicedDate\":\"2026-02-15\","));
        var after = await PostAsync("fhir/CoverageEligibilityRequest", ByContainedMbi(persona.Mbi!, "\"benefits\"", "\"servicedDate\":\"2026-10-15\","));

        static JsonElement FullMedicaid(JsonElement r) => r.GetProperty("insurance")[0].GetProperty("item")[0];
        Assert.True(FullMedicaid(before).GetProperty("excluded").GetBoolean());
        Assert.False(FullMedicaid(after).GetProperty("excluded").GetBoolean());
        Assert.NotEqual(
            Extension(FullMedicaid(before), LeadCanonicals.DualStatusExtension).GetProperty("valueCoding").GetProperty("code").GetString(),
            Extension(FullMedicaid(after), LeadCanonicals.DualStatusExtension).GetProperty("valueCoding").GetProperty("code").GetString());
    }

    [Fact]
    public async Task CoverageEligibilityRequest_ByMedicaidIdIdentifier_Complete()
    {
        var persona = fixture.Personas[SeedPersonaKind.MedicaidOnly];
        var body = $$$"""
            {"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["validation"],
             "patient":{"identifier":{"system":"{{{SyntheticPopulation.MedicaidIdSystem}}}","value":"{{{persona.MedicaidId}}}"}},
             "created":"2026-11-29","insurer":{"display":"x"}}
            """;

        var response = await PostAsync("fhir/CoverageEligibilityRequest", body);

        Assert.Equal("complete", response.GetProperty("outcome").GetString());
        Assert.Equal($"{MedicaidBase}/Patient/{persona.MedicaidPatientId}", response.GetProperty("patient").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task CoverageEligibilityRequest_UnknownMember_200WithErrorOutcome()
    {
        var response = await PostAsync("fhir/CoverageEligibilityRequest", ByContainedMbi("9AA9AA9AA99", "\"validation\"", ""));

        Assert.Equal("error", response.GetProperty("outcome").GetString());
        Assert.Equal("member-not-found", response.GetProperty("error")[0].GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString());
        Assert.False(response.TryGetProperty("insurance", out _));
    }

    [Theory]
    [InlineData("""{"resourceType":"CoverageEligibilityRequest","status":"active","patient":{"reference":"Patient/x"},"created":"2026-11-29","insurer":{"display":"x"}}""", "'purpose'")]
    [InlineData("""{"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["validation"],"created":"2026-11-29","insurer":{"display":"x"}}""", "'patient'")]
    [InlineData("""{"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["validation"],"patient":{"reference":"Patient/x"},"servicedPeriod":{"start":"2026-05-01","end":"2026-04-01"},"created":"2026-11-29","insurer":{"display":"x"}}""", "CoverageEligibilityRequest.serviced")]
    public async Task CoverageEligibilityRequest_InvalidR4_422FromGatewayValidationNamingElement(string body, string element)
    {
        using var response = await Client.PostAsync("fhir/CoverageEligibilityRequest", new StringContent(body, Encoding.UTF8, "application/fhir+json"));

        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(text.Contains(element, StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task CoverageEligibilityRequest_ValidButNotAdjudicablePurpose_400NamingPurpose()
    {
        const string body = """{"resourceType":"CoverageEligibilityRequest","status":"active","purpose":["discovery"],"patient":{"reference":"Patient/x"},"created":"2026-11-29","insurer":{"display":"x"}}""";

        using var response = await Client.PostAsync("fhir/CoverageEligibilityRequest", new StringContent(body, Encoding.UTF8, "application/fhir+json"));

        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.True(text.Contains(".purpose", StringComparison.Ordinal), text);
    }

    private static JsonElement Extension(JsonElement element, string url) =>
        element.GetProperty("extension").EnumerateArray().Single(e => e.GetProperty("url").GetString() == url);
}
