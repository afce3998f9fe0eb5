using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class SandboxCrudTests(SandboxFixture fixture)
{
    private readonly HttpClient client = fixture.Host.Client();

    [Fact]
    public async Task Create_Patient_Returns201WithLocationETagAndServerId()
    {
        var response = await client.PostAsync("Patient", Fhir.Json(Fhir.PatientJson(Fhir.Unique("mrn"), id: "client-chosen")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Fhir.BodyAsync(response);
        var id = body.GetProperty("id").GetString()!;
        Assert.NotEqual("client-chosen", id);
        Assert.Equal("1", body.GetProperty("meta").GetProperty("versionId").GetString());
        Assert.Equal($"{client.BaseAddress}Patient/{id}/_history/1", response.Headers.Location!.ToString());
        Assert.Equal("W/\"1\"", response.Headers.ETag!.ToString());
        Assert.NotNull(response.Content.Headers.LastModified);

        var read = await client.GetAsync($"Patient/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("Testperson", (await Fhir.BodyAsync(read)).GetProperty("name")[0].GetProperty("family").GetString());
        Assert.Equal("W/\"1\"", read.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Update_ExistingPatient_IncrementsVersionAndKeepsHistory()
    {
        var created = await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("mrn"), "Before"));
        var id = created.GetProperty("id").GetString()!;

        var update = await client.PutAsync($"Patient/{id}", Fhir.Json(Fhir.PatientJson("x", "After", id)));

        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal("W/\"2\"", update.Headers.ETag!.ToString());
        var v1 = await Fhir.BodyAsync(await client.GetAsync($"Patient/{id}/_history/1"));
        var v2 = await Fhir.BodyAsync(await client.GetAsync($"Patient/{id}/_history/2"));
        Assert.Equal("Before", v1.GetProperty("name")[0].GetProperty("family").GetString());
        Assert.Equal("After", v2.GetProperty("name")[0].GetProperty("family").GetString());
        var history = await Fhir.BodyAsync(await client.GetAsync($"Patient/{id}/_history"));
        Assert.Equal("history", history.GetProperty("type").GetString());
        Assert.Equal(["PUT", "POST"], Fhir.Entries(history).Select(e => e.GetProperty("request").GetProperty("method").GetString()!).ToArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"Patient/{id}/_history/3")).StatusCode);
    }

    [Fact]
    public async Task TypeHistory_AfterUpdate_ListsNewestVersionFirst()
    {
        var id = Fhir.Unique("th");
        await client.PutAsync($"Practitioner/{id}", Fhir.Json($$$"""{"resourceType":"Practitioner","id":"{{{id}}}","active":true}"""));
        await client.PutAsync($"Practitioner/{id}", Fhir.Json($$$"""{"resourceType":"Practitioner","id":"{{{id}}}","active":false}"""));

        var history = await Fhir.BodyAsync(await client.GetAsync("Practitioner/_history?_count=2"));

        var versions = Fhir.Entries(history).Select(e => e.GetProperty("resource")).ToList();
        Assert.Equal([id, id], versions.Select(v => v.GetProperty("id").GetString()));
        Assert.Equal(["2", "1"], versions.Select(v => v.GetProperty("meta").GetProperty("versionId").GetString()));
    }

    [Fact]
    public async Task Create_ManyConcurrently_AllSucceedWithDistinctIds()
    {
        var mrn = Fhir.Unique("par");

        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.PostAsync("Patient", Fhir.Json(Fhir.PatientJson(mrn)))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Equal(12, responses.Select(r => r.Headers.Location!.ToString()).Distinct().Count());
        var search = await Fhir.BodyAsync(await client.GetAsync($"Patient?identifier={mrn}&_summary=count"));
        Assert.Equal(12, search.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Update_UnknownId_CreatesWith201()
    {
        var id = Fhir.Unique("put");

        var response = await client.PutAsync($"Patient/{id}", Fhir.Json(Fhir.PatientJson("x", id: id)));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(id, (await Fhir.BodyAsync(response)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412AndKeepsVersion()
    {
        var created = await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("mrn")));
        var id = created.GetProperty("id").GetString()!;
        var request = new HttpRequestMessage(HttpMethod.Put, $"Patient/{id}") { Content = Fhir.Json(Fhir.PatientJson("x", id: id)) };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"7\"");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(response)).GetProperty("resourceType").GetString());
        Assert.Equal("W/\"1\"", (await client.GetAsync($"Patient/{id}")).Headers.ETag!.ToString());

        var matching = new HttpRequestMessage(HttpMethod.Put, $"Patient/{id}") { Content = Fhir.Json(Fhir.PatientJson("x", id: id)) };
        matching.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(matching)).StatusCode);
    }

    [Fact]
    public async Task Delete_Patient_ReturnsNoContentThenReadIsGone()
    {
        var created = await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("mrn")));
        var id = created.GetProperty("id").GetString()!;

        var delete = await client.DeleteAsync($"Patient/{id}");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var read = await client.GetAsync($"Patient/{id}");
        Assert.Equal(HttpStatusCode.Gone, read.StatusCode);
        Assert.Equal("deleted", (await Fhir.BodyAsync(read)).GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"Patient/{id}/_history/1")).StatusCode);
    }

    [Fact]
    public async Task ConditionalCreate_ZeroOneAndTwoMatches_CreatesReturnsExistingOrRefuses()
    {
        var mrn = Fhir.Unique("cond");
        HttpRequestMessage Conditional(string value) => new(HttpMethod.Post, "Patient")
        {
            Content = Fhir.Json(Fhir.PatientJson(mrn)),
            Headers = { { "If-None-Exist", $"identifier=urn:test:mrn|{value}" } },
        };

        var first = await client.SendAsync(Conditional(mrn));
        var second = await client.SendAsync(Conditional(mrn));
        await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(mrn));
        var third = await client.SendAsync(Conditional(mrn));

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal((await Fhir.BodyAsync(first)).GetProperty("id").GetString(), (await Fhir.BodyAsync(second)).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, third.StatusCode);
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400NamingLineAndPosition()
    {
        var response = await client.PostAsync("Patient", Fhir.Json("{\"resourceType\":\"Patient\",\n\"active\": tru }"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var diagnostics = Fhir.Diagnostics(await Fhir.BodyAsync(response));
        Assert.Contains("line 2", diagnostics, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("position", diagnostics, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Create_UnknownElement_Returns400NamingElement()
    {
        var response = await client.PostAsync("Patient", Fhir.Json("{\"resourceType\":\"Patient\",\"foo\":1}"));

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        Assert.Contains("foo", Fhir.Diagnostics(await Fhir.BodyAsync(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BodyTypeDiffersFromUrl_Returns400()
    {
        var response = await client.PostAsync("Observation", Fhir.Json(Fhir.PatientJson("x")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Observation", Fhir.Diagnostics(await Fhir.BodyAsync(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Update_BodyIdDiffersFromUrl_Returns400()
    {
        var response = await client.PutAsync("Patient/abc", Fhir.Json(Fhir.PatientJson("x", id: "xyz")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Create_XmlContentType_Returns415()
    {
        var content = new StringContent("<Patient xmlns=\"http://hl7.org/fhir\"/>", Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+xml");

        var response = await client.PostAsync("Patient", content);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(response)).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Request_UnknownSourceTypeOrMethod_ReturnsOperationOutcomes()
    {
        using var other = new HttpClient { BaseAddress = fixture.Host.Root };

        var unknownSource = await other.GetAsync("nope-sandbox/Patient/1");
        var unknownType = await client.GetAsync("Potato/1");
        var unknownId = await client.GetAsync("Patient/does-not-exist");
        var patch = await client.PatchAsync("Patient", Fhir.Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, unknownSource.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(unknownSource)).GetProperty("resourceType").GetString());
        Assert.Equal(HttpStatusCode.NotFound, unknownType.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownId.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, patch.StatusCode);
        Assert.Equal("OperationOutcome", (await Fhir.BodyAsync(patch)).GetProperty("resourceType").GetString());
    }

    [Fact]
    public async Task Create_PreferMinimal_ReturnsEmptyBodyWithLocation()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "Patient") { Content = Fhir.Json(Fhir.PatientJson(Fhir.Unique("min"))) };
        request.Headers.TryAddWithoutValidation("Prefer", "return=minimal");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsStringAsync());
        Assert.NotNull(response.Headers.Location);
    }

    [Fact]
    public async Task Create_PreferOperationOutcome_ReturnsInformationalOutcome()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "Patient") { Content = Fhir.Json(Fhir.PatientJson(Fhir.Unique("oo"))) };
        request.Headers.TryAddWithoutValidation("Prefer", "return=OperationOutcome");

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await Fhir.BodyAsync(response);
        Assert.Equal("OperationOutcome", body.GetProperty("resourceType").GetString());
        Assert.Equal("information", body.GetProperty("issue")[0].GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Store_ImportJson_KeepsIdsWithoutHttp()
    {
        var id = Fhir.Unique("raw");

        var loaded = await fixture.Host.Store.ImportJsonAsync("medicaid-sandbox", [Fhir.PatientJson("m", id: id)], CancellationToken.None);

        Assert.Equal(1, loaded);
        using var medicaid = fixture.Host.Client("medicaid-sandbox");
        Assert.Equal(HttpStatusCode.OK, (await medicaid.GetAsync($"Patient/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("metadata")]
    [InlineData("Coverage?_id=seed-c1&_include=Coverage:beneficiary")]
    [InlineData("Patient/seed-p1/_history")]
    [InlineData("Patient/_history?_count=3")]
    [InlineData("Patient?identifier=nobody-has-this")]
    [InlineData("Basic/_history")]
    public async Task Responses_WrittenByHand_AreValidFhirR4(string url)
    {
        var json = await (await client.GetAsync(url)).Content.ReadAsStringAsync();

        var resource = Lead.Gateway.Sandbox.Fhir.FhirJson.Parse(json);

        Assert.True(resource.TypeName is "CapabilityStatement" or "Bundle", resource.TypeName);
    }

    [Fact]
    public async Task Metadata_Get_ReturnsR4CapabilityStatementWithSearchParams()
    {
        var body = await Fhir.BodyAsync(await client.GetAsync("metadata"));

        Assert.Equal("CapabilityStatement", body.GetProperty("resourceType").GetString());
        Assert.Equal("4.0.1", body.GetProperty("fhirVersion").GetString());
        var coverage = body.GetProperty("rest")[0].GetProperty("resource").EnumerateArray().Single(r => r.GetProperty("type").GetString() == "Coverage");
        var parameters = coverage.GetProperty("searchParam").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("beneficiary", parameters);
        Assert.Contains("identifier", parameters);
        Assert.Contains("_lastUpdated", parameters);
    }

    [Fact]
    public async Task Store_Create_RaisesChangeEventAfterCommit()
    {
        var seen = new List<SandboxChange>();
        void Handler(object? sender, SandboxChangedEventArgs e) => seen.AddRange(e.Changes);
        fixture.Host.Store.Changed += Handler;
        try
        {
            var created = await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("evt")));
            var id = created.GetProperty("id").GetString()!;

            Assert.Contains(seen, c => c.Id == id && c.Type == "Patient" && c.SourceId == "aco-sandbox" && c.VersionId == 1 && c.Action == SandboxChangeAction.Create);
        }
        finally
        {
            fixture.Host.Store.Changed -= Handler;
        }
    }
}
