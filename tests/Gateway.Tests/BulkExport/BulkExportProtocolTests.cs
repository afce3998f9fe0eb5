using System.Net;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>The Bulk Data 2.0 protocol over real HTTP with a real backend-services token.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class BulkExportProtocolTests(SandboxGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task SystemExport_KickOffPollDownload_ManifestAndLinesCarrySources()
    {
        var status = await StartAsync(Gateway.Client, "fhir/$export?_type=Patient,Coverage");
        using var first = await Gateway.Client.GetAsync(status);
        var manifest = await WaitAsync(Gateway.Client, status);
        var lines = await LinesAsync(Gateway.Client, manifest);

        Assert.StartsWith(new Uri(Gateway.BaseAddress, "fhir/$export-status/").AbsoluteUri, status.AbsoluteUri, StringComparison.Ordinal);
        if (first.StatusCode == HttpStatusCode.Accepted)
        {
            Assert.True(first.Headers.Contains("X-Progress"));
            Assert.NotNull(first.Headers.RetryAfter);
        }

        Assert.True(manifest.GetProperty("requiresAccessToken").GetBoolean());
        Assert.True(DateTimeOffset.TryParse(manifest.GetProperty("transactionTime").GetString(), out _));
        Assert.Equal(new Uri(Gateway.BaseAddress, "fhir/$export?_type=Patient,Coverage").AbsoluteUri, manifest.GetProperty("request").GetString());
        Assert.Empty(manifest.GetProperty("error").EnumerateArray());
        Assert.All(manifest.GetProperty("output").EnumerateArray(), o => Assert.True(Uri.IsWellFormedUriString(o.GetProperty("url").GetString(), UriKind.Absolute)));
        Assert.Equal(["Coverage", "Patient"], lines.Select(l => l.GetProperty("resourceType").GetString()).Distinct().Order());
        Assert.Equal(["aco-sandbox", "hie-sandbox", "medicaid-sandbox"], lines.Select(SourceOf).Distinct().Order());
        Assert.All(lines, l => Assert.Equal(new Uri(Gateway.BaseAddress, "fhir/" + SourceOf(l)).AbsoluteUri, l.GetProperty("meta").GetProperty("source").GetString()));
        Assert.Equal(lines.Count, lines.Select(Key).Distinct().Count());
    }

    [Fact]
    public async Task SystemExport_UpstreamUrls_RewrittenToGatewayUrls()
    {
        var manifest = await RunAsync(Gateway.Client, "fhir/aco-sandbox/$export?_type=Group");
        var text = string.Join('\n', (await LinesAsync(Gateway.Client, manifest)).Select(l => l.GetRawText()));

        Assert.DoesNotContain("127.0.0.1:", text.Replace(Gateway.BaseAddress.Authority, "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceBase_ExportsThatSourceOnly()
    {
        var manifest = await RunAsync(Gateway.Client, "fhir/medicaid-sandbox/$export?_type=Patient,Organization");
        var lines = await LinesAsync(Gateway.Client, manifest);

        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("medicaid-sandbox", SourceOf(l)));
    }

    [Fact]
    public async Task PatientExport_Post_OnlyCompartmentTypesOfThosePatients()
    {
        var me = fixture.Personas[Lead.Gateway.Sandbox.Seed.SeedPersonaKind.FullBenefitAttributedDual];
        var body = Parameters(("patient", $"Patient/{me.AcoPatientId}"), ("_type", "Patient,Coverage,Organization"));

        var manifest = await RunAsync(Gateway.Client, "fhir/Patient/$export", body);
        var lines = await LinesAsync(Gateway.Client, manifest);

        // Organization is outside the patient compartment; the same person is found in the other sources by MBI.
        Assert.DoesNotContain(lines, l => l.GetProperty("resourceType").GetString() == "Organization");
        var patients = lines.Where(l => l.GetProperty("resourceType").GetString() == "Patient").Select(Key).Order().ToList();
        Assert.Equal(
            new[] { $"aco-sandbox/Patient/{me.AcoPatientId}", $"hie-sandbox/Patient/{me.HiePatientId}", $"medicaid-sandbox/Patient/{me.MedicaidPatientId}" }.Order(),
            patients);
    }

    [Fact]
    public async Task Elements_ResourcesCutDownAndMarkedSubsetted()
    {
        var manifest = await RunAsync(Gateway.Client, "fhir/aco-sandbox/$export?_type=Patient&_elements=birthDate");
        var line = (await LinesAsync(Gateway.Client, manifest))[0];

        Assert.True(line.TryGetProperty("birthDate", out _));
        Assert.False(line.TryGetProperty("name", out _));
        Assert.Contains(line.GetProperty("meta").GetProperty("tag").EnumerateArray(), t => t.GetProperty("code").GetString() == "SUBSETTED");
    }

    [Fact]
    public async Task Since_Now_ExportsNothing()
    {
        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"));
        var manifest = await RunAsync(Gateway.Client, $"fhir/$export?_type=Observation&_since={since}");

        Assert.Empty(manifest.GetProperty("output").EnumerateArray());
    }

    [Fact]
    public async Task Cancel_Then_StatusIs404()
    {
        var status = await StartAsync(Gateway.Client, "fhir/$export?_type=Observation,Encounter");

        using var cancel = await Gateway.Client.DeleteAsync(status);
        using var after = await Gateway.Client.GetAsync(status);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await OutcomeAssert.ReadAsync(after, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task JobList_ShowsTheClientsJobs()
    {
        var status = await StartAsync(Gateway.Client, "fhir/$export?_type=CareTeam");
        await WaitAsync(Gateway.Client, status);

        using var json = JsonDocument.Parse(await Gateway.Client.GetStringAsync("fhir/$export-jobs"));

        Assert.Contains(json.RootElement.GetProperty("jobs").EnumerateArray(), j => j.GetProperty("statusUrl").GetString() == status.AbsoluteUri);
    }

    [Fact]
    public async Task Lenient_UnsupportedParameter_IgnoredAndListedInErrorFile()
    {
        var status = await StartAsync(Gateway.Client, "fhir/$export?_type=CarePlan&includeAssociatedData=LatestProvenanceResources&foo=bar", lenient: true);
        var manifest = await WaitAsync(Gateway.Client, status);
        var errors = await LinesAsync(Gateway.Client, manifest, array: "error");

        Assert.NotEmpty(manifest.GetProperty("output").EnumerateArray());
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal("OperationOutcome", e.GetProperty("resourceType").GetString()));
        Assert.Contains(errors, e => e.GetRawText().Contains("includeAssociatedData", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SearchRefusedBySource_ThatSearchReportedIncomplete_SourceOtherwiseExported()
    {
        // The sandbox answers 400 to a malformed _offset: one refused search, not a source down.
        var manifest = await RunAsync(Gateway.Client, "fhir/aco-sandbox/$export?_type=Patient,Observation&_typeFilter=Observation%3F_offset%3Dx");
        var lines = await LinesAsync(Gateway.Client, manifest);
        var error = Assert.Single(await LinesAsync(Gateway.Client, manifest, array: "error"));

        Assert.Contains(lines, l => l.GetProperty("resourceType").GetString() == "Patient");
        Assert.Equal("incomplete", error.GetProperty("issue")[0].GetProperty("code").GetString());
        var state = manifest.GetProperty("extension").GetProperty("https://lead-gateway.org/fhir/bulk/sources")[0];
        Assert.Equal("partial", state.GetProperty("status").GetString());
    }
}
