using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lead.Gateway.Tests.Smart;

/// <summary>
/// A standalone App Launch (sign-in, patient picker, PKCE) yields a <c>patient/</c> token that sees only its patient's
/// compartment through the gateway.
/// </summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class PatientContextTests(SandboxGatewayFixture fixture) : IAsyncLifetime, IDisposable
{
    private HttpClient client = null!;
    private JsonElement tokenResponse;

    private SeedPersona Me => fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

    private SeedPersona Other => fixture.Personas[SeedPersonaKind.PartialBenefitDual];

    private string AcoBase => new Uri(fixture.Gateway.BaseAddress, "fhir/aco-sandbox").AbsoluteUri;

    public async Task InitializeAsync()
    {
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);
        tokenResponse = await driver.LaunchAsync("openid fhirUser launch/patient patient/*.rs offline_access", AcoBase, Me.AcoPatientId!);
        client = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokenResponse.GetProperty("access_token").GetString());
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => client.Dispose();

    [Fact]
    public void Launch_TokenResponse_CarriesPatientAndFhirUser()
    {
        var idToken = new JsonWebToken(tokenResponse.GetProperty("id_token").GetString());

        Assert.Equal(Me.AcoPatientId, tokenResponse.GetProperty("patient").GetString());
        Assert.Equal("RS256", idToken.Alg);
        Assert.Equal("Practitioner/sandbox-clinician", idToken.GetClaim("fhirUser").Value);
        Assert.True(tokenResponse.TryGetProperty("refresh_token", out _));
    }

    [Fact]
    public async Task ReadOwnPatient_200_OtherPatient_404()
    {
        using var mine = await client.GetAsync($"fhir/aco-sandbox/Patient/{Me.AcoPatientId}");
        using var theirs = await client.GetAsync($"fhir/aco-sandbox/Patient/{Other.AcoPatientId}");

        Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        await OutcomeAssert.ReadAsync(theirs, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Search_WithoutPatientParameter_ConfinedToOwnCompartment()
    {
        using var response = await client.GetAsync("fhir/aco-sandbox/Observation?_count=200");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var entries = json.RootElement.GetProperty("entry").EnumerateArray().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal($"Patient/{Me.AcoPatientId}", e.GetProperty("resource").GetProperty("subject").GetProperty("reference").GetString()));
    }

    [Fact]
    public async Task Search_NamingOtherPatient_403()
    {
        using var response = await client.GetAsync($"fhir/aco-sandbox/Observation?patient=Patient/{Other.AcoPatientId}");

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ReadOtherPatientsObservation_404()
    {
        using var all = await fixture.Gateway.Client.GetAsync($"fhir/aco-sandbox/Observation?patient=Patient/{Other.AcoPatientId}&_count=1");
        var theirId = JsonDocument.Parse(await all.Content.ReadAsStringAsync()).RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("id").GetString();

        using var response = await client.GetAsync($"fhir/aco-sandbox/Observation/{theirId}");

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ReadOtherPatientsObservation_MentioningMeOutsideSubject_404()
    {
        // Another patient's Observation that names this patient only in an extension and a note's author: not in this
        // patient's compartment (only the element behind Observation's patient parameter, subject, counts).
        var observation = """
            {"resourceType":"Observation","status":"final","code":{"text":"compartment probe"},
             "subject":{"reference":"Patient/OTHER"},
             "extension":[{"url":"http://example.org/fhir/StructureDefinition/related","valueReference":{"reference":"Patient/ME"}}],
             "note":[{"authorReference":{"reference":"Patient/ME"},"text":"synthetic"}]}
            """.Replace("OTHER", Other.AcoPatientId, StringComparison.Ordinal).Replace("ME", Me.AcoPatientId, StringComparison.Ordinal);
        using var created = await fixture.Gateway.Client.PostAsync("fhir/aco-sandbox/Observation",
            new StringContent(observation, Encoding.UTF8, "application/fhir+json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = created.Headers.Location!.AbsolutePath.Split('/')[^3];

        using var response = await client.GetAsync($"fhir/aco-sandbox/Observation/{id}");

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("fhir/aco-sandbox/Patient?_has:Observation:patient:code=1234-5")]
    [InlineData("fhir/aco-sandbox/Observation?subject.name=Mock")]
    public async Task HasAndChainedSearches_403(string path)
    {
        using var response = await client.GetAsync(path);

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task OtherSourceBase_TokenBoundToItsAudience_401()
    {
        using var response = await client.GetAsync($"fhir/medicaid-sandbox/Patient/{Me.MedicaidPatientId}");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CachedValidation_StillBoundToAudience_AcrossBases()
    {
        using var first = await client.GetAsync($"fhir/aco-sandbox/Patient/{Me.AcoPatientId}");
        using var elsewhere = await client.GetAsync($"fhir/hie-sandbox/Patient?_count=1");
        using var again = await client.GetAsync($"fhir/aco-sandbox/Patient/{Me.AcoPatientId}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, elsewhere.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task UnifiedBaseToken_OwnPatientsSource_Allowed_OtherSources403()
    {
        // aud=/fhir: the patient is a record of the source the unified base routes Patient to (aco-sandbox here). The
        // same id in another source could be someone else (numeric ids repeat across servers): refused there.
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);
        var launched = await driver.LaunchAsync("openid fhirUser launch/patient patient/*.rs", new Uri(fixture.Gateway.BaseAddress, "fhir").AbsoluteUri, Me.AcoPatientId!);
        using var unified = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        unified.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", launched.GetProperty("access_token").GetString());

        using var ownPatient = await unified.GetAsync($"fhir/Patient/{Me.AcoPatientId}");
        using var ownSource = await unified.GetAsync($"fhir/aco-sandbox/Observation?_count=5");
        using var coverage = await unified.GetAsync("fhir/Coverage");
        using var otherSource = await unified.GetAsync($"fhir/hie-sandbox/Encounter");

        Assert.Equal(HttpStatusCode.OK, ownPatient.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ownSource.StatusCode);
        Assert.Contains("'aco-sandbox'", await OutcomeAssert.ReadAsync(coverage, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        await OutcomeAssert.ReadAsync(otherSource, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task WriteForOtherPatient_403()
    {
        var observation = """{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"Patient/OTHER"}}""".Replace("OTHER", Other.AcoPatientId, StringComparison.Ordinal);

        using var response = await client.PostAsync("fhir/aco-sandbox/Observation", new StringContent(observation, Encoding.UTF8, "application/fhir+json"));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }
}
