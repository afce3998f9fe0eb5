using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Profiles;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Routing;

/// <summary>CRUD, search and paging through the gateway's FHIR routes into each sandbox source (its own loopback port).</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class SandboxThroughGatewayTests(SandboxGatewayFixture fixture)
{
    private HttpClient Client => fixture.Gateway.Client;

    private string SourceBase(string source) => new Uri(fixture.Gateway.BaseAddress, $"fhir/{source}").AbsoluteUri;

    private static StringContent Fhir(string json) => new(json, Encoding.UTF8, "application/fhir+json");

    [Theory]
    [InlineData(SandboxSources.Aco)]
    [InlineData(SandboxSources.Medicaid)]
    [InlineData(SandboxSources.Hie)]
    public async Task Crud_EachSandboxSource_WorksThroughGatewayWithGatewayUrls(string source)
    {
        using var created = await Client.PostAsync($"fhir/{source}/Patient",
            Fhir("""{"resourceType":"Patient","name":[{"family":"Testcase","given":["Crud"]}],"gender":"unknown","birthDate":"1950-01-01"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var location = created.Headers.Location!.AbsoluteUri;
        Assert.StartsWith($"{SourceBase(source)}/Patient/", location, StringComparison.Ordinal);
        var id = location[(SourceBase(source).Length + "/Patient/".Length)..].Split('/')[0];

        using var read = await Client.GetAsync($"fhir/{source}/Patient/{id}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("W/\"1\"", read.Headers.ETag?.ToString());

        using var update = new HttpRequestMessage(HttpMethod.Put, $"fhir/{source}/Patient/{id}")
        {
            Content = Fhir($$"""{"resourceType":"Patient","id":"{{id}}","name":[{"family":"Testcase","given":["Updated"]}],"gender":"unknown","birthDate":"1950-01-01"}"""),
        };
        update.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"", isWeak: true));
        using var updated = await Client.SendAsync(update);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        using var stale = new HttpRequestMessage(HttpMethod.Put, $"fhir/{source}/Patient/{id}")
        {
            Content = Fhir($$"""{"resourceType":"Patient","id":"{{id}}","gender":"unknown"}"""),
        };
        stale.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\"", isWeak: true));
        using var conflict = await Client.SendAsync(stale);
        await OutcomeAssert.ReadAsync(conflict, HttpStatusCode.PreconditionFailed);

        using var vread = await Client.GetAsync($"fhir/{source}/Patient/{id}/_history/1");
        Assert.Contains("\"Crud\"", await vread.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var history = await Client.GetAsync($"fhir/{source}/Patient/{id}/_history");
        var historyJson = await history.Content.ReadAsStringAsync();
        Assert.Equal(2, JsonDocument.Parse(historyJson).RootElement.GetProperty("entry").GetArrayLength());
        Assert.Contains($"{SourceBase(source)}/Patient/{id}", historyJson, StringComparison.Ordinal);
        var sandboxRoot = (await fixture.Gateway.Services.GetRequiredService<SandboxAddress>().Root).AbsoluteUri;
        Assert.NotEqual(fixture.Gateway.BaseAddress.Port, new Uri(sandboxRoot).Port);
        Assert.DoesNotContain(sandboxRoot, historyJson, StringComparison.Ordinal);

        using var deleted = await Client.DeleteAsync($"fhir/{source}/Patient/{id}");
        Assert.True(deleted.IsSuccessStatusCode);
        using var gone = await Client.GetAsync($"fhir/{source}/Patient/{id}");
        await OutcomeAssert.ReadAsync(gone, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Search_PagingThroughGateway_EveryPageLinkedAtGatewayNoDuplicates()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var next = "fhir/aco-sandbox/Observation?_count=50";
        var total = -1;
        var pages = 0;
        while (next is not null)
        {
            using var page = await Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            using var json = JsonDocument.Parse(await page.Content.ReadAsStringAsync());
            total = json.RootElement.GetProperty("total").GetInt32();
            foreach (var entry in json.RootElement.TryGetProperty("entry", out var entries) ? entries.EnumerateArray() : default)
            {
                var fullUrl = entry.GetProperty("fullUrl").GetString()!;
                Assert.StartsWith(SourceBase(SandboxSources.Aco) + "/Observation/", fullUrl, StringComparison.Ordinal);
                Assert.True(seen.Add(fullUrl), $"duplicate {fullUrl}");
            }

            next = json.RootElement.GetProperty("link").EnumerateArray()
                .Where(l => l.GetProperty("relation").GetString() == "next")
                .Select(l => l.GetProperty("url").GetString()!)
                .FirstOrDefault();
            if (next is not null)
            {
                Assert.StartsWith(SourceBase(SandboxSources.Aco), next, StringComparison.Ordinal);
            }

            pages++;
        }

        Assert.True(pages >= 3, $"only {pages} pages");
        Assert.Equal(total, seen.Count);
    }

    [Fact]
    public async Task IdentifierSearch_SamePersonInTwoSources_DifferentIdsLinkedByMbi()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

        using var aco = await Client.GetAsync($"fhir/aco-sandbox/Patient?identifier={LeadCanonicals.MbiSystem}|{persona.Mbi}");
        using var medicaid = await Client.GetAsync($"fhir/medicaid-sandbox/Patient?identifier={LeadCanonicals.MbiSystem}|{persona.Mbi}");
        var acoId = SingleId(await aco.Content.ReadAsStringAsync());
        var medicaidId = SingleId(await medicaid.Content.ReadAsStringAsync());

        Assert.Equal(persona.AcoPatientId, acoId);
        Assert.Equal(persona.MedicaidPatientId, medicaidId);
        Assert.NotEqual(acoId, medicaidId);
    }

    [Fact]
    public async Task UnifiedBase_CoverageIncludeBeneficiary_RoutedToMedicaidAndRewritten()
    {
        var persona = fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

        using var response = await Client.GetAsync($"fhir/Coverage?beneficiary=Patient/{persona.MedicaidPatientId}&_include=Coverage:beneficiary");
        var body = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var modes = json.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("search").GetProperty("mode").GetString()).ToList();
        Assert.Contains("include", modes);
        Assert.Contains("match", modes);
        Assert.Contains($"{SourceBase(SandboxSources.Medicaid)}/Patient/{persona.MedicaidPatientId}", body, StringComparison.Ordinal);
        Assert.Contains(LeadCanonicals.DualStatusExtension, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transaction_ThroughGateway_AllOrNothing()
    {
        const string failing = """
        {"resourceType":"Bundle","type":"transaction","entry":[
          {"fullUrl":"urn:uuid:6f1c1b9e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","name":[{"family":"Txn"}]},"request":{"method":"POST","url":"Patient"}},
          {"resource":{"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"urn:uuid:6f1c1b9e-0000-4000-8000-000000000001"}},"request":{"method":"PUT","url":"Observation/txn-1"}},
          {"request":{"method":"DELETE","url":"Patient/does-not-exist-anywhere"}},
          {"request":{"method":"GET","url":"NoSuchType/1"}}
        ]}
        """;

        using var refused = await Client.PostAsync("fhir/hie-sandbox", Fhir(failing));
        using var after = await Client.GetAsync("fhir/hie-sandbox/Observation/txn-1");

        Assert.False(refused.IsSuccessStatusCode);
        Assert.Equal("OperationOutcome", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("resourceType").GetString());
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    private static string SingleId(string bundle)
    {
        using var json = JsonDocument.Parse(bundle);
        return Assert.Single(json.RootElement.GetProperty("entry").EnumerateArray()).GetProperty("resource").GetProperty("id").GetString()!;
    }
}
