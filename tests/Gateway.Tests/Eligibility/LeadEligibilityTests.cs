using System.Net;
using System.Text;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary><c>Patient/$lead-eligibility</c> through the real gateway over the seeded sandbox sources.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class LeadEligibilityTests(SandboxGatewayFixture fixture)
{
    // The sandbox roster attributes for performance year 2027; dual status history covers January–November 2026.
    private const string AttributedDate = "2027-03-01";

    private static readonly string[] FullCodes = ["02", "04", "08"];
    private static readonly string[] PartialCodes = ["01", "03", "05", "06"];

    private HttpClient Client => fixture.Gateway.Client;

    private string SourceBase(string source) => new Uri(fixture.Gateway.BaseAddress, $"fhir/{source}").AbsoluteUri;

    private Task<HttpResponseMessage> CheckAsync(string system, string value, string? date = null) =>
        Client.GetAsync($"fhir/Patient/$lead-eligibility?identifier={Uri.EscapeDataString($"{system}|{value}")}{(date is null ? "" : "&date=" + date)}");

    private Task<HttpResponseMessage> CheckByMbiAsync(SeedPersonaKind kind, string? date = AttributedDate) =>
        CheckAsync(LeadCanonicals.MbiSystem, fixture.Personas[kind].Mbi!, date);

    [Fact]
    public async Task LeadEligibility_FullBenefitAttributedDualInOriginalMedicare_Eligible()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

        using var response = await CheckByMbiAsync(SeedPersonaKind.FullBenefitAttributedDual);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("eligible", answer.Verdict);
        Assert.Equal("yes", answer.Status("originalMedicare"));
        Assert.Equal("covered", answer.Status("medicaid"));
        Assert.Equal("full", answer.Status("dualStatus"));
        Assert.Contains(EligibilityJson.Value(answer.Parameter("dualStatus"), "code"), FullCodes);
        Assert.Equal("attributed", answer.Status("attribution"));
        Assert.Contains($"{SourceBase(SandboxSources.Aco)}/Group/{SyntheticPopulation.AttributionGroupId}", answer.Evidence("attribution"));
        var aco = EligibilityJson.Parts(answer.Parameter("attribution"), "aco").Single().GetProperty("valueReference").GetProperty("reference").GetString();
        Assert.StartsWith($"{SourceBase(SandboxSources.Aco)}/Organization/", aco, StringComparison.Ordinal);
        Assert.All(answer.Evidence("medicaid"), url => Assert.StartsWith($"{SourceBase(SandboxSources.Medicaid)}/Coverage/", url, StringComparison.Ordinal));
        Assert.Equal($"{SourceBase(SandboxSources.Medicaid)}/Patient/{persona.MedicaidPatientId}",
            EligibilityJson.Value(answer.Source(SandboxSources.Medicaid), "patient"));
        Assert.DoesNotContain(SandboxSources.Hie, answer.Parameters("source").Select(s => EligibilityJson.Value(s, "id")));
    }

    [Fact]
    public async Task LeadEligibility_EvidenceUrl_ReadableThroughGateway()
    {
        using var response = await CheckByMbiAsync(SeedPersonaKind.FullBenefitAttributedDual);
        var answer = await EligibilityJson.ReadAsync(response);

        using var coverage = await Client.GetAsync(answer.Evidence("dualStatus")[0]);

        Assert.Equal(HttpStatusCode.OK, coverage.StatusCode);
        Assert.Contains(LeadCanonicals.DualStatusExtension, await coverage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadEligibility_AskedByMedicaidId_AcoFoundThroughCrosswalkAndEligible()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

        using var response = await CheckAsync(SyntheticPopulation.MedicaidIdSystem, persona.MedicaidId, AttributedDate);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("eligible", answer.Verdict);
        Assert.Equal("found", EligibilityJson.Value(answer.Source(SandboxSources.Aco), "status"));
    }

    [Fact]
    public async Task LeadEligibility_PartialBenefitDual_NotEligiblePartialBenefit()
    {
        using var response = await CheckByMbiAsync(SeedPersonaKind.PartialBenefitDual);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("not-eligible", answer.Verdict);
        Assert.Equal("partial", answer.Status("dualStatus"));
        Assert.Contains(EligibilityJson.Value(answer.Parameter("dualStatus"), "code"), PartialCodes);
        Assert.Equal(["partial-benefit"], answer.ReasonCodes);
        Assert.Equal("yes", answer.Status("originalMedicare"));
        Assert.Equal("attributed", answer.Status("attribution"));
    }

    [Fact]
    public async Task LeadEligibility_OtherDual09_NotEligibleNoMedicaidBenefits()
    {
        using var response = await CheckByMbiAsync(SeedPersonaKind.OtherDualNoMedicaid);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("not-eligible", answer.Verdict);
        Assert.Equal("no-medicaid", answer.Status("dualStatus"));
        Assert.Contains("no-medicaid-benefits", answer.ReasonCodes);
    }

    [Theory]
    [InlineData(false, "medicare-advantage", "false")]
    [InlineData(true, "dsnp", "true")]
    public async Task LeadEligibility_MedicareAdvantageOrDsnpMember_NotEligibleNotOriginalMedicare(bool dsnpMember, string reason, string dsnp)
    {
        using var response = await CheckByMbiAsync(dsnpMember ? SeedPersonaKind.DsnpMember : SeedPersonaKind.MedicareAdvantageMember);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("not-eligible", answer.Verdict);
        Assert.Equal("no", answer.Status("originalMedicare"));
        Assert.Equal("true", EligibilityJson.Value(answer.Parameter("originalMedicare"), "medicareAdvantage"));
        Assert.Equal(dsnp, EligibilityJson.Value(answer.Parameter("originalMedicare"), "dsnp"));
        Assert.Contains(reason, answer.ReasonCodes);
        // Full duals all the same: the Medicare side is what rules them out.
        Assert.Equal("full", answer.Status("dualStatus"));
        Assert.Equal("not-attributed", answer.Status("attribution"));
    }

    [Fact]
    public async Task LeadEligibility_DsnpMember_MedicaidManagedCareWithMcoName()
    {
        using var response = await CheckByMbiAsync(SeedPersonaKind.DsnpMember);
        var answer = await EligibilityJson.ReadAsync(response);

        var medicaid = answer.Parameter("medicaid");
        Assert.Equal("21", EligibilityJson.Value(medicaid, "deliverySystem"));
        Assert.Equal(MedicaidOrganizations.McoNames[0], EligibilityJson.Value(medicaid, "mco"));
    }

    [Fact]
    public async Task LeadEligibility_MedicaidOnly_NotEligibleNoOriginalMedicare()
    {
        var persona = fixture.Personas[SeedPersonaKind.MedicaidOnly];

        using var response = await CheckAsync(SyntheticPopulation.MedicaidIdSystem, persona.MedicaidId, AttributedDate);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("not-eligible", answer.Verdict);
        Assert.Equal("no", answer.Status("originalMedicare"));
        Assert.Equal("covered", answer.Status("medicaid"));
        Assert.Equal("not-dual", answer.Status("dualStatus"));
        Assert.Contains("no-original-medicare", answer.ReasonCodes);
        Assert.Equal("not-found", EligibilityJson.Value(answer.Source(SandboxSources.Aco), "status"));
    }

    [Fact]
    public async Task LeadEligibility_UnknownPerson_UnknownPersonNotFound()
    {
        using var response = await CheckAsync(LeadCanonicals.MbiSystem, "9AA9AA9AA99", AttributedDate);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("unknown", answer.Verdict);
        Assert.Equal(["person-not-found"], answer.ReasonCodes);
        Assert.All(answer.Parameters("source"), s => Assert.Equal("not-found", EligibilityJson.Value(s, "status")));
        Assert.Empty(answer.Parameters("originalMedicare"));
    }

    [Fact]
    public async Task LeadEligibility_DateBeforeAndAfterDualStatusChange_PartialThenFull()
    {
        using var before = await CheckByMbiAsync(SeedPersonaKind.DualStatusChanged, "2026-02-15");
        using var after = await CheckByMbiAsync(SeedPersonaKind.DualStatusChanged, "2026-10-15");
        var early = await EligibilityJson.ReadAsync(before);
        var late = await EligibilityJson.ReadAsync(after);

        Assert.Equal("partial", early.Status("dualStatus"));
        Assert.Equal("full", late.Status("dualStatus"));
        var (earlyCode, lateCode) = (EligibilityJson.Value(early.Parameter("dualStatus"), "code"), EligibilityJson.Value(late.Parameter("dualStatus"), "code"));
        Assert.Contains((earlyCode, lateCode), new[] { ("01", "02"), ("03", "04") });
        Assert.Equal("dual status history, month 2026-02", EligibilityJson.Value(early.Parameter("dualStatus"), "basis"));
        Assert.Equal("dual status history, month 2026-10", EligibilityJson.Value(late.Parameter("dualStatus"), "basis"));
        // 2026 precedes the 2027 roster: both not eligible, for different reasons.
        Assert.Contains("partial-benefit", early.ReasonCodes);
        Assert.DoesNotContain("partial-benefit", late.ReasonCodes);
        Assert.Contains("not-attributed", late.ReasonCodes);
    }

    [Fact]
    public async Task LeadEligibility_DualStatusChangedIn2027_CurrentCodeFullAndEligible()
    {
        using var response = await CheckByMbiAsync(SeedPersonaKind.DualStatusChanged);
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("eligible", answer.Verdict);
        Assert.Equal("current dual status", EligibilityJson.Value(answer.Parameter("dualStatus"), "basis"));
    }

    [Theory]
    [InlineData("""{"name":"identifier","valueIdentifier":{"system":"http://hl7.org/fhir/sid/us-mbi","value":"MBI"}}""")]
    [InlineData("""{"name":"identifier","valueString":"http://hl7.org/fhir/sid/us-mbi|MBI"}""")]
    public async Task LeadEligibility_PostParameters_SameAnswerAsGet(string identifierParameter)
    {
        var mbi = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual].Mbi!;
        var body = $$"""{"resourceType":"Parameters","parameter":[{{identifierParameter.Replace("MBI", mbi, StringComparison.Ordinal)}},{"name":"date","valueDate":"{{AttributedDate}}"}]}""";

        using var response = await Client.PostAsync("fhir/Patient/$lead-eligibility", new StringContent(body, Encoding.UTF8, "application/fhir+json"));
        var answer = await EligibilityJson.ReadAsync(response);

        Assert.Equal("eligible", answer.Verdict);
        Assert.Equal(AttributedDate, answer.Parameter("date").GetProperty("valueDate").GetString());
    }

    [Theory]
    [InlineData("fhir/Patient/$lead-eligibility", "identifier")]
    [InlineData("fhir/Patient/$lead-eligibility?identifier=no-bar", "identifier")]
    [InlineData("fhir/Patient/$lead-eligibility?identifier=http://hl7.org/fhir/sid/us-mbi|1EG4TE5MK73&date=2027-13-01", "date")]
    [InlineData("fhir/Patient/$lead-eligibility?identifier=http://hl7.org/fhir/sid/us-mbi|1EG4TE5MK73&date=2027", "date")]
    public async Task LeadEligibility_BadInput_400NamingParameter(string url, string parameter)
    {
        using var response = await Client.GetAsync(url);

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains($"\"expression\":[\"{parameter}\"]", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LeadEligibility_PostWithoutIdentifier_400NamingIdentifier()
    {
        using var response = await Client.PostAsync("fhir/Patient/$lead-eligibility",
            new StringContent("""{"resourceType":"Parameters","parameter":[{"name":"date","valueDate":"2027-01-01"}]}""", Encoding.UTF8, "application/fhir+json"));

        var body = await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("\"expression\":[\"identifier\"]", body, StringComparison.Ordinal);
    }
}
