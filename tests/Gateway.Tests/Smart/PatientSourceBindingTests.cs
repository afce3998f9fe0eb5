using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;

namespace Lead.Gateway.Tests.Smart;

/// <summary>
/// A launch's patient must be a record of the source its <c>aud</c> names (or the unified base routes Patient to):
/// the gateway reads the token's patient id there, and the same id in another source is somebody else.
/// </summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class PatientSourceBindingTests(SandboxGatewayFixture fixture)
{
    private const string Scope = "openid fhirUser launch/patient patient/*.rs";

    private SeedPersona Me => fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

    private string Base(string path) => new Uri(fixture.Gateway.BaseAddress, path).AbsoluteUri;

    [Fact]
    public async Task StandaloneLaunch_AcoPatientWithHieAud_Refused()
    {
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);
        var picker = await driver.PickerPageAsync(driver.AuthorizeUrl(Scope, Base("fhir/hie-sandbox")));

        // The picker does not offer it; a form naming it anyway is refused back at the app.
        using var response = await driver.PostAuthorizeAsync(AppLaunchDriver.PickerFields(picker, Me.AcoPatientId!, mustBeOffered: false));

        Assert.DoesNotContain(Me.AcoPatientId!, AppLaunchDriver.OfferedPatients(picker));
        var location = response.Headers.Location!;
        Assert.StartsWith(AppLaunchDriver.RedirectUri, location.AbsoluteUri, StringComparison.Ordinal);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.Equal("invalid_request", query["error"].ToString());
        Assert.False(query.ContainsKey("code"));
    }

    [Theory]
    [InlineData("fhir/aco-sandbox")]
    [InlineData("fhir")]
    public async Task StandaloneLaunch_AcoPatientWithItsBase_Issued(string path)
    {
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);

        var token = await driver.LaunchAsync(Scope, Base(path), Me.AcoPatientId!);

        Assert.Equal(Me.AcoPatientId, token.GetProperty("patient").GetString());
    }

    [Fact]
    public async Task EhrLaunch_RegisteredForAco_AppAskingHieRefused_AcoIssued()
    {
        var launch = await RegisterLaunchAsync(Me.AcoPatientId!, Base("fhir/aco-sandbox"));
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);

        var refused = await driver.AuthorizeAsync(driver.AuthorizeUrl("launch " + Scope, Base("fhir/hie-sandbox"), launch), Me.AcoPatientId!);
        var issued = await driver.AuthorizeAsync(driver.AuthorizeUrl("launch " + Scope, Base("fhir/aco-sandbox"), launch), Me.AcoPatientId!);

        Assert.Equal("invalid_request", QueryHelpers.ParseQuery(refused.Query)["error"].ToString());
        var token = await driver.RedeemAsync(QueryHelpers.ParseQuery(issued.Query)["code"].ToString());
        Assert.Equal(Me.AcoPatientId, token.GetProperty("patient").GetString());
    }

    [Fact]
    public async Task EhrLaunchRegistration_PatientNotOfAud_400()
    {
        using var client = await LauncherAsync();

        using var response = await client.PostAsJsonAsync("auth/launch", new { patient = Me.AcoPatientId, client_id = AppLaunchDriver.ClientId, aud = Base("fhir/hie-sandbox") });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<string> RegisterLaunchAsync(string patient, string aud)
    {
        using var client = await LauncherAsync();
        using var response = await client.PostAsJsonAsync("auth/launch", new { patient, client_id = AppLaunchDriver.ClientId, aud });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("launch").GetString()!;
    }

    private async Task<HttpClient> LauncherAsync()
    {
        var token = await TestClients.GetTokenAsync(fixture.Gateway.BaseAddress, "system/launch.write");
        var client = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
