using System.Net;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Lead.Gateway.Tests.Validation;

/// <summary>Ingress validation on the proxy path (default: enforce) and $validate, over real HTTP with real tokens.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class IngressValidationTests(SandboxGatewayFixture fixture, ITestOutputHelper log)
{
    private HttpClient Client => fixture.Gateway.Client;

    internal static string Example(string folder, string file) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "profiles", "examples", folder, file));

    private static StringContent Fhir(string json, string mediaType = "application/fhir+json") => new(json, Encoding.UTF8, mediaType);

    [Fact]
    public async Task Create_MedicaidCoverageMissingDualStatus_422ListingIssueWithLocation()
    {
        using var response = await Client.PostAsync("fhir/medicaid-sandbox/Coverage", Fhir(Example("invalid", "Coverage-medicaid-missing-dual-status.json")));
        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
        using var json = JsonDocument.Parse(text);

        var issue = json.RootElement.GetProperty("issue").EnumerateArray().First(i => i.GetProperty("severity").GetString() == "error");
        Assert.StartsWith("Coverage", issue.GetProperty("expression")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("dualStatus", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ValidLeadMedicaidCoverage_Created()
    {
        using var response = await Client.PostAsync("fhir/medicaid-sandbox/Coverage", Fhir(Example("valid", "Coverage-lead-medicaid.json")));

        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Create_MedicareCoverageAtMedicaidSource_422RequiredProfile()
    {
        using var response = await Client.PostAsync("fhir/medicaid-sandbox/Coverage", Fhir(Example("valid", "Coverage-lead-medicare.json")));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Create_PatientWithExcludedMbiLetter_422()
    {
        using var response = await Client.PostAsync("fhir/hie-sandbox/Patient", Fhir(Example("invalid", "Patient-mbi-excluded-letter.json")));
        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Contains("MBI", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_ClaimsUnknownProfile_422()
    {
        using var response = await Client.PostAsync("fhir/hie-sandbox/Patient", Fhir(Example("invalid", "Patient-unknown-profile.json")));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Transaction_MedicaidOrderedBeforeMedicare_422NothingCommitted()
    {
        var bundle = Example("invalid", "Bundle-medicaid-before-medicare.json");

        using var response = await Client.PostAsync("fhir/hie-sandbox", Fhir(bundle));
        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);

        Assert.Contains("must order before Medicaid Coverage", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_Xml_415()
    {
        using var response = await Client.PostAsync("fhir/hie-sandbox/Patient", Fhir("<Patient xmlns=\"http://hl7.org/fhir\"/>", "application/fhir+xml"));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Validate_UnifiedBase_200WithErrors()
    {
        using var response = await Client.PostAsync("fhir/Patient/$validate", Fhir(Example("invalid", "Patient-mbi-lowercase.json")));
        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.OK);

        Assert.Contains("\"severity\":\"error\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SourceBase_AppliesSourceRequiredProfiles()
    {
        var medicare = Example("valid", "Coverage-lead-medicare.json");

        using var unified = await Client.PostAsync("fhir/Coverage/$validate", Fhir(medicare));
        using var atMedicaid = await Client.PostAsync("fhir/medicaid-sandbox/Coverage/$validate", Fhir(medicare));
        var unifiedText = await OutcomeAssert.ReadAsync(unified, HttpStatusCode.OK);
        var medicaidText = await OutcomeAssert.ReadAsync(atMedicaid, HttpStatusCode.OK);

        Assert.DoesNotContain("\"severity\":\"error\"", unifiedText, StringComparison.Ordinal);
        Assert.Contains("\"severity\":\"error\"", medicaidText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_ParametersWithProfile_ValidatesAgainstIt()
    {
        var patient = Example("valid", "Coverage-lead-medicare.json");
        var parameters = $$"""{"resourceType":"Parameters","parameter":[{"name":"resource","resource":{{patient}}},{"name":"profile","valueUri":"https://lead-gateway.org/fhir/StructureDefinition/lead-medicaid-coverage"}]}""";

        using var response = await Client.PostAsync("fhir/Coverage/$validate", Fhir(parameters));
        var text = await OutcomeAssert.ReadAsync(response, HttpStatusCode.OK);

        Assert.Contains("\"severity\":\"error\"", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("list-xhtml-xxe1.xml", "application/fhir+xml")]
    [InlineData("list-xhtml-xxe2.xml", "application/fhir+xml")]
    [InlineData("list-xhtml-xxe.json", "application/fhir+json")]
    public async Task Validate_XxeCases_400NothingFetched(string file, string mediaType)
    {
        var path = SharedFolder.Find("conformance/fhir-test-cases-r4/extra-security/" + file);
        if (path is null)
        {
            // xunit 2 has no dynamic skip: say so in the output and stop.
            log.WriteLine("Skipped: ../shared/conformance is absent.");
            return;
        }

        using var response = await Client.PostAsync("fhir/List/$validate", Fhir(await File.ReadAllTextAsync(path), mediaType));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Validate_NoToken_401()
    {
        using var response = await fixture.Gateway.Anonymous.PostAsync("fhir/Patient/$validate", Fhir("""{"resourceType":"Patient"}"""));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
