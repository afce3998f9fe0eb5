using System.Net;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Tests.Infrastructure;

namespace Lead.Gateway.Tests.Validation;

/// <summary>warn and off, configured per source and per type.</summary>
public sealed class ValidationModeTests : IAsyncLifetime
{
    private GatewayHost gateway = null!;

    public async Task InitializeAsync() => gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
    {
        ["Sandbox:SeedPeople"] = "2",
        ["Validation:Sources:hie-sandbox:Mode"] = "warn",
        ["Validation:Sources:aco-sandbox:Types:Patient:Mode"] = "off",
    });

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    private static StringContent BadMbiPatient() =>
        new(IngressValidationTests.Example("invalid", "Patient-mbi-excluded-letter.json"), Encoding.UTF8, "application/fhir+json");

    [Fact]
    public async Task WarnMode_InvalidResource_ForwardedWithIssuesInOutcomeHeader()
    {
        using var response = await gateway.Client.PostAsync("fhir/hie-sandbox/Patient", BadMbiPatient());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var header = Assert.Single(response.Headers.GetValues("X-Validation-Outcome"));
        using var outcome = JsonDocument.Parse(header);
        Assert.Equal("OperationOutcome", outcome.RootElement.GetProperty("resourceType").GetString());
        Assert.Contains(outcome.RootElement.GetProperty("issue").EnumerateArray(), i => i.GetProperty("severity").GetString() == "error");
    }

    [Fact]
    public async Task OffForType_InvalidResource_ForwardedWithoutOutcome()
    {
        using var response = await gateway.Client.PostAsync("fhir/aco-sandbox/Patient", BadMbiPatient());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Validation-Outcome"));
    }

    [Fact]
    public async Task OtherSourceDefault_StillEnforced()
    {
        using var response = await gateway.Client.PostAsync("fhir/medicaid-sandbox/Patient", BadMbiPatient());

        await OutcomeAssert.ReadAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task WarnMode_PatchBreakingLeadPatient_ForwardedWithIssuesInOutcomeHeader()
    {
        var url = await PatchValidationTests.PutLeadPatientAsync(gateway.Client);

        using var response = await gateway.Client.SendAsync(PatchValidationTests.JsonPatch(url, """[{"op":"remove","path":"/birthDate"}]"""));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var outcome = JsonDocument.Parse(Assert.Single(response.Headers.GetValues("X-Validation-Outcome")));
        Assert.Contains(outcome.RootElement.GetProperty("issue").EnumerateArray(), i => i.GetProperty("severity").GetString() == "error");
        var (current, etag) = await PatchValidationTests.ReadAsync(gateway.Client, url);
        Assert.Null(current["birthDate"]);
        Assert.Equal("W/\"2\"", etag);
    }
}
