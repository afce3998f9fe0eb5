using System.Net;
using System.Net.Http.Headers;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Gateway.Tests.Smart;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>Every refusal of kick-off, status, download and cancel: parameters, scopes, clients.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class BulkExportRefusalTests(SandboxGatewayFixture fixture)
{
    private GatewayHost Gateway => fixture.Gateway;

    [Fact]
    public async Task KickOff_WithoutPreferRespondAsync_400()
    {
        using var response = await Gateway.Client.GetAsync("fhir/$export");

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task KickOff_WithoutToken_401()
    {
        using var response = await Gateway.Anonymous.SendAsync(KickOff("fhir/$export"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("fhir/$export?_outputFormat=text/csv")]
    [InlineData("fhir/$export?includeAssociatedData=LatestProvenanceResources")]
    [InlineData("fhir/$export?unknown=1")]
    [InlineData("fhir/$export?_type=NotAType")]
    [InlineData("fhir/$export?_typeFilter=nonsense")]
    [InlineData("fhir/$export?patient=Patient/1")]
    public async Task KickOff_UnsupportedParameterStrict_400(string path)
    {
        using var response = await Gateway.Client.SendAsync(KickOff(path));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task KickOff_MalformedSince_400EvenLenient()
    {
        using var response = await Gateway.Client.SendAsync(KickOff("fhir/$export?_since=yesterday", lenient: true));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task KickOff_UnknownSourceOrGroup_404()
    {
        using var source = await Gateway.Client.SendAsync(KickOff("fhir/nowhere/$export"));
        using var group = await Gateway.Client.SendAsync(KickOff("fhir/Group/no-such-group/$export"));

        await OutcomeAssert.ReadAsync(source, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(group, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task KickOff_TypeOutsideScopes_403()
    {
        using var client = Gateway.CreateClient("system/Patient.rs");

        using var response = await client.SendAsync(KickOff("fhir/$export?_type=Patient,Observation"));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KickOff_PatientToken_403()
    {
        var me = fixture.Personas[Lead.Gateway.Sandbox.Seed.SeedPersonaKind.FullBenefitAttributedDual];
        using var driver = new AppLaunchDriver(Gateway.BaseAddress);
        var token = await driver.LaunchAsync("openid fhirUser launch/patient patient/*.rs", new Uri(Gateway.BaseAddress, "fhir/aco-sandbox").AbsoluteUri, me.AcoPatientId!);
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());

        using var response = await client.SendAsync(KickOff("fhir/aco-sandbox/Patient/$export"));

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task KickOff_ClientNotRegisteredForSource_403_AndUnifiedExportStaysInItsSources()
    {
        var token = await TestClients.GetTokenAsync(Gateway.BaseAddress, "system/*.rs", clientId: TestClients.AcoOnlyClientId);
        using var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var refused = await client.SendAsync(KickOff("fhir/medicaid-sandbox/$export"));
        var manifest = await RunAsync(client, "fhir/$export?_type=Patient");
        var lines = await LinesAsync(client, manifest);

        await OutcomeAssert.ReadAsync(refused, HttpStatusCode.Forbidden);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("aco-sandbox", SourceOf(l)));
    }

    [Fact]
    public async Task OtherClient_StatusDownloadCancel_404()
    {
        var status = await StartAsync(Gateway.Client, "fhir/aco-sandbox/$export?_type=Practitioner");
        var manifest = await WaitAsync(Gateway.Client, status);
        var file = manifest.GetProperty("output")[0].GetProperty("url").GetString()!;
        var token = await TestClients.GetTokenAsync(Gateway.BaseAddress, "system/*.rs", clientId: TestClients.AcoOnlyClientId);
        using var other = new HttpClient { BaseAddress = Gateway.BaseAddress };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var statusResponse = await other.GetAsync(status);
        using var download = await other.GetAsync(file);
        using var cancel = await other.DeleteAsync(status);
        using var stillThere = await Gateway.Client.GetAsync(status);

        await OutcomeAssert.ReadAsync(statusResponse, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(download, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(cancel, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task KickOff_SameRequestWhileRunning_429WithRetryAfter()
    {
        const string path = "fhir/$export?_type=Observation,Condition,Encounter,ExplanationOfBenefit";
        var status = await StartAsync(Gateway.Client, path);

        using var second = await Gateway.Client.SendAsync(KickOff(path));
        using var cancel = await Gateway.Client.DeleteAsync(status);

        await OutcomeAssert.ReadAsync(second, HttpStatusCode.TooManyRequests);
        Assert.NotNull(second.Headers.RetryAfter);
    }
}
