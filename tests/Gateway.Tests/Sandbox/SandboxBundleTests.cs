using System.Net;

namespace Lead.Gateway.Tests.Sandbox;

[Collection(SandboxCollection.Name)]
public sealed class SandboxBundleTests(SandboxFixture fixture)
{
    private readonly HttpClient client = fixture.Host.Client();

    [Fact]
    public async Task Batch_MixedEntries_ProcessesEachIndependently()
    {
        var mrn = Fhir.Unique("batch");
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"batch","entry":[
              {"resource":{{{Fhir.PatientJson(mrn)}}},"request":{"method":"POST","url":"Patient"}},
              {"request":{"method":"GET","url":"Patient/not-there"}},
              {"request":{"method":"GET","url":"Patient?_id=seed-p1"}}
            ]}
            """;

        var response = await client.PostAsync("", Fhir.Json(bundle));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await Fhir.BodyAsync(response);
        Assert.Equal("batch-response", body.GetProperty("type").GetString());
        var statuses = body.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("response").GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["201 Created", "404 Not Found", "200 OK"], statuses);
        Assert.Equal("OperationOutcome", body.GetProperty("entry")[1].GetProperty("response").GetProperty("outcome").GetProperty("resourceType").GetString());
        Assert.Equal("searchset", body.GetProperty("entry")[2].GetProperty("resource").GetProperty("type").GetString());
        Assert.Equal("Bundle", Lead.Gateway.Sandbox.Fhir.FhirJson.Parse(body.GetRawText()).TypeName);
        var search = await Fhir.BodyAsync(await client.GetAsync($"Patient?identifier={mrn}"));
        Assert.Equal(1, search.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Transaction_UrnUuidReferences_ResolveToAssignedIds()
    {
        var mrn = Fhir.Unique("tx");
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:11111111-1111-4111-8111-111111111111","resource":{"resourceType":"Encounter","status":"finished","class":{"code":"AMB"},"subject":{"reference":"urn:uuid:22222222-2222-4222-8222-222222222222"}},"request":{"method":"POST","url":"Encounter"}},
              {"fullUrl":"urn:uuid:22222222-2222-4222-8222-222222222222","resource":{{{Fhir.PatientJson(mrn)}}},"request":{"method":"POST","url":"Patient"}}
            ]}
            """;

        var response = await client.PostAsync("", Fhir.Json(bundle));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await Fhir.BodyAsync(response);
        Assert.Equal("transaction-response", body.GetProperty("type").GetString());
        var patientId = body.GetProperty("entry")[1].GetProperty("resource").GetProperty("id").GetString();
        var encounter = body.GetProperty("entry")[0].GetProperty("resource");
        Assert.Equal($"Patient/{patientId}", encounter.GetProperty("subject").GetProperty("reference").GetString());
        Assert.StartsWith($"{client.BaseAddress}Patient/{patientId}/_history/1", body.GetProperty("entry")[1].GetProperty("response").GetProperty("location").GetString(), StringComparison.Ordinal);
        var search = await Fhir.BodyAsync(await client.GetAsync($"Encounter?patient={patientId}"));
        Assert.Equal(1, search.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Transaction_FailingEntry_CommitsNothing()
    {
        var mrn = Fhir.Unique("txfail");
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:33333333-3333-4333-8333-333333333333","resource":{{{Fhir.PatientJson(mrn)}}},"request":{"method":"POST","url":"Patient"}},
              {"resource":{{{Fhir.PatientJson(mrn, id: "seed-p1")}}},"request":{"method":"PUT","url":"Patient/seed-p1","ifMatch":"W/\"99\""}}
            ]}
            """;

        var response = await client.PostAsync("", Fhir.Json(bundle));

        Assert.Equal(HttpStatusCode.PreconditionFailed, response.StatusCode);
        var outcome = await Fhir.BodyAsync(response);
        Assert.Equal("OperationOutcome", outcome.GetProperty("resourceType").GetString());
        Assert.Contains("entry 1", Fhir.Diagnostics(outcome), StringComparison.Ordinal);
        var search = await Fhir.BodyAsync(await client.GetAsync($"Patient?identifier={mrn}"));
        Assert.Equal(0, search.GetProperty("total").GetInt32());
        Assert.Equal("W/\"1\"", (await client.GetAsync("Patient/seed-p1")).Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Transaction_ConditionalCreateMatching_ReusesExistingId()
    {
        var bundle = """
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"fullUrl":"urn:uuid:44444444-4444-4444-8444-444444444444","resource":{"resourceType":"Patient","active":true},"request":{"method":"POST","url":"Patient","ifNoneExist":"identifier=http://hl7.org/fhir/sid/us-mbi|1EG4TE5MK73"}},
              {"resource":{"resourceType":"Coverage","status":"active","beneficiary":{"reference":"urn:uuid:44444444-4444-4444-8444-444444444444"},"payor":[{"reference":"Organization/x"}]},"request":{"method":"POST","url":"Coverage"}}
            ]}
            """;

        var response = await client.PostAsync("", Fhir.Json(bundle));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var body = await Fhir.BodyAsync(response);
        Assert.Equal("200 OK", body.GetProperty("entry")[0].GetProperty("response").GetProperty("status").GetString());
        Assert.Equal("Patient/seed-p1", body.GetProperty("entry")[1].GetProperty("resource").GetProperty("beneficiary").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task Post_BaseWithNonBundle_Returns400()
    {
        var response = await client.PostAsync("", Fhir.Json(Fhir.PatientJson("x")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_CollectionBundle_Returns422()
    {
        var response = await client.PostAsync("", Fhir.Json("""{"resourceType":"Bundle","type":"collection"}"""));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("batch", Fhir.Diagnostics(await Fhir.BodyAsync(response)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_DeleteAndMissingRead_RefusedWithEntryOutcomeAndDeleteUndone()
    {
        var id = (await Fhir.CreateAsync(client, "Patient", Fhir.PatientJson(Fhir.Unique("txdel")))).GetProperty("id").GetString();
        var bundle = $$$"""
            {"resourceType":"Bundle","type":"transaction","entry":[
              {"request":{"method":"DELETE","url":"Patient/{{{id}}}"}},
              {"request":{"method":"GET","url":"Patient/nobody-here"}}
            ]}
            """;

        var response = await client.PostAsync("", Fhir.Json(bundle));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var diagnostics = Fhir.Diagnostics(await Fhir.BodyAsync(response));
        Assert.Contains("entry 1", diagnostics, StringComparison.Ordinal);
        Assert.Contains("nobody-here", diagnostics, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"Patient/{id}")).StatusCode);
    }
}
