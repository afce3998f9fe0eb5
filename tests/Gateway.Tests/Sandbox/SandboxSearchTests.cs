using System.Net;
using System.Text.Json;

namespace Lead.Gateway.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class SandboxSearchTests(SandboxFixture fixture)
{
    private readonly HttpClient client = fixture.Host.Client();

    [Fact]
    public async Task Search_ByIdentifier_MatchesSystemValueAndBothForms()
    {
        var mrn = Fhir.Unique("srch");
        var created = await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(mrn));
        var id = created.GetProperty("id").GetString();

        var full = await SearchAsync($"Patient?identifier=urn:test:mrn|{mrn}");
        var valueOnly = await SearchAsync($"Patient?identifier={mrn}");
        var wrongSystem = await SearchAsync($"Patient?identifier=urn:other|{mrn}");

        Assert.Equal(1, full.GetProperty("total").GetInt32());
        Assert.Equal(id, Fhir.Entries(full).Single().GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal("match", Fhir.Entries(full).Single().GetProperty("search").GetProperty("mode").GetString());
        Assert.Equal(1, valueOnly.GetProperty("total").GetInt32());
        Assert.Equal(0, wrongSystem.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_BySystemOnly_FindsSeededMbi()
    {
        var bundle = await SearchAsync("Patient?identifier=http://hl7.org/fhir/sid/us-mbi|");

        Assert.Contains(Fhir.Entries(bundle), e => e.GetProperty("resource").GetProperty("id").GetString() == "seed-p1");
    }

    [Fact]
    public async Task Search_ByPatientSubjectAndBeneficiary_FindsReferencingResources()
    {
        var patientId = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("ref")))).GetProperty("id").GetString();
        await Fhir.CreateAsync(client, "Encounter", $$$"""{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/{{{patientId}}}"}}""");
        await Fhir.CreateAsync(client, "Coverage", $$$"""{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"Patient/{{{patientId}}}"},"payor":[{"reference":"Organization/x"}]}""");

        var byPatient = await SearchAsync($"Encounter?patient={patientId}");
        var bySubjectAbsolute = await SearchAsync($"Encounter?subject=http://elsewhere.example/fhir/Patient/{patientId}");
        var byBeneficiary = await SearchAsync($"Coverage?beneficiary=Patient/{patientId}");
        var coverageByPatient = await SearchAsync($"Coverage?patient={patientId}");

        Assert.Equal(1, byPatient.GetProperty("total").GetInt32());
        Assert.Equal(1, bySubjectAbsolute.GetProperty("total").GetInt32());
        Assert.Equal(1, byBeneficiary.GetProperty("total").GetInt32());
        Assert.Equal(1, coverageByPatient.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_ByIdAndLastUpdated_FiltersByInstant()
    {
        var before = DateTimeOffset.UtcNow.AddSeconds(-2);
        var a = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("lu")))).GetProperty("id").GetString();
        var b = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("lu")))).GetProperty("id").GetString();
        var stamp = Uri.EscapeDataString(before.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

        var byIds = await SearchAsync($"Patient?_id={a},{b}");
        var recent = await SearchAsync($"Patient?_id={a},{b}&_lastUpdated=gt{stamp}");
        var old = await SearchAsync($"Patient?_id={a},{b}&_lastUpdated=lt{stamp}");
        var byDay = await SearchAsync($"Patient?_id={a}&_lastUpdated=ge{DateTimeOffset.UtcNow:yyyy-MM-dd}");

        Assert.Equal(2, byIds.GetProperty("total").GetInt32());
        Assert.Equal(2, recent.GetProperty("total").GetInt32());
        Assert.Equal(0, old.GetProperty("total").GetInt32());
        Assert.Equal(1, byDay.GetProperty("total").GetInt32());
        var either = await SearchAsync($"Patient?_id={a},{b}&_lastUpdated=lt{stamp},ge{stamp}");
        Assert.Equal(2, either.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_IncludeEncounterPatient_AddsSubjectPatient()
    {
        var patientId = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("inc")))).GetProperty("id").GetString();
        var encounterId = (await Fhir.CreateAsync(client, "Encounter",
            $$$"""{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"subject":{"reference":"Patient/{{{patientId}}}"}}""")).GetProperty("id").GetString();

        var bundle = await SearchAsync($"Encounter?_id={encounterId}&_include=Encounter:patient");

        Assert.Equal(encounterId, Fhir.Entries(bundle, "match").Single().GetProperty("resource").GetProperty("id").GetString());
        Assert.Equal(patientId, Fhir.Entries(bundle, "include").Single().GetProperty("resource").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Search_PagingAcrossThreePages_ReturnsEveryMatchOnce()
    {
        var patientId = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("page")))).GetProperty("id").GetString();
        var expected = new HashSet<string>();
        for (var i = 0; i < 7; i++)
        {
            var observation = await Fhir.CreateAsync(client, "Observation",
                $$$"""{"resourceType":"Observation","status":"final","code":{"text":"n{{{i}}}"},"subject":{"reference":"Patient/{{{patientId}}}"}}""");
            expected.Add(observation.GetProperty("id").GetString()!);
        }

        var seen = new List<string>();
        var pages = 0;
        string? next = $"{client.BaseAddress}Observation?subject=Patient/{patientId}&_count=3";
        while (next is not null)
        {
            var page = await SearchAsync(next);
            pages++;
            Assert.Equal(7, page.GetProperty("total").GetInt32());
            Assert.StartsWith("http://127.0.0.1:", Fhir.Link(page, "self"), StringComparison.Ordinal);
            seen.AddRange(Fhir.Entries(page).Select(e => e.GetProperty("resource").GetProperty("id").GetString()!));
            next = Fhir.Link(page, "next");
            Assert.True(pages < 10, "paging did not terminate");
        }

        Assert.Equal(3, pages);
        Assert.Equal(7, seen.Count);
        Assert.Equal(expected, seen.ToHashSet());
    }

    [Fact]
    public async Task Search_PreviousLink_ReturnsEarlierPage()
    {
        var mrn = Fhir.Unique("prev");
        for (var i = 0; i < 3; i++)
        {
            await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(mrn));
        }

        var first = await SearchAsync($"Patient?identifier={mrn}&_count=2");
        var second = await SearchAsync(Fhir.Link(first, "next")!);

        var back = await SearchAsync(Fhir.Link(second, "previous")!);

        Assert.Equal(2, Ids(first).Length);
        Assert.Single(Ids(second));
        Assert.Equal(Ids(first), Ids(back));
    }

    [Fact]
    public async Task Search_ByCodeAndStatus_MatchesTokens()
    {
        var code = Fhir.Unique("loinc");
        await Fhir.CreateAsync(client, "Observation", $$$"""{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"{{{code}}}"}]}}""");
        await Fhir.CreateAsync(client, "Observation", $$$"""{"resourceType":"Observation","status":"preliminary","code":{"coding":[{"system":"http://loinc.org","code":"{{{code}}}"}]}}""");

        var final = await SearchAsync($"Observation?code=http://loinc.org|{code}&status=final");
        var both = await SearchAsync($"Observation?code={code}&status=final,preliminary");

        Assert.Equal(1, final.GetProperty("total").GetInt32());
        Assert.Equal(2, both.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_SummaryCount_ReturnsTotalWithoutEntries()
    {
        var bundle = await SearchAsync("Patient?_summary=count");

        Assert.True(bundle.GetProperty("total").GetInt32() >= 1);
        Assert.False(bundle.TryGetProperty("entry", out _));
    }

    [Fact]
    public async Task Search_IncludeCoverageBeneficiary_AddsPatientAsInclude()
    {
        var bundle = await SearchAsync("Coverage?_id=seed-c1&_include=Coverage:beneficiary");

        Assert.Equal("seed-c1", Fhir.Entries(bundle, "match").Single().GetProperty("resource").GetProperty("id").GetString());
        var included = Fhir.Entries(bundle, "include").Single();
        Assert.Equal("Patient", included.GetProperty("resource").GetProperty("resourceType").GetString());
        Assert.Equal("seed-p1", included.GetProperty("resource").GetProperty("id").GetString());
        Assert.EndsWith("/aco-sandbox/Patient/seed-p1", included.GetProperty("fullUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_RevIncludeCoverage_AddsCoverageOfPatient()
    {
        var bundle = await SearchAsync("Patient?_id=seed-p1&_revinclude=Coverage:beneficiary");

        Assert.Equal("seed-c1", Fhir.Entries(bundle, "include").Single().GetProperty("resource").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Search_UnknownParameter_IgnoredLenientlyAndRefusedStrictly()
    {
        var lenient = await SearchAsync("Patient?_id=seed-p1&shoe-size=42");
        var strict = new HttpRequestMessage(HttpMethod.Get, "Patient?_id=seed-p1&shoe-size=42");
        strict.Headers.TryAddWithoutValidation("Prefer", "handling=strict");
        var refused = await client.SendAsync(strict);

        Assert.Equal(1, lenient.GetProperty("total").GetInt32());
        Assert.DoesNotContain("shoe-size", Fhir.Link(lenient, "self"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("shoe-size", Fhir.Diagnostics(await Fhir.BodyAsync(refused)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_PostForm_MatchesGetSearch()
    {
        var response = await client.PostAsync("Patient/_search", new FormUrlEncodedContent([new("_id", "seed-p1")]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("seed-p1", Fhir.Entries(await Fhir.BodyAsync(response)).Single().GetProperty("resource").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Search_SortDescendingLastUpdated_NewestFirst()
    {
        var older = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("sort")))).GetProperty("id").GetString()!;
        await Task.Delay(5);
        var newer = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("sort")))).GetProperty("id").GetString()!;

        var bundle = await SearchAsync($"Patient?_id={older},{newer}&_sort=-_lastUpdated");

        Assert.Equal([newer, older], Ids(bundle));
    }

    private async Task<JsonElement> SearchAsync(string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var bundle = await Fhir.BodyAsync(response);
        Assert.Equal("searchset", bundle.GetProperty("type").GetString());
        return bundle;
    }

    private static string[] Ids(JsonElement bundle) =>
        [.. Fhir.Entries(bundle).Select(e => e.GetProperty("resource").GetProperty("id").GetString()!)];
}
