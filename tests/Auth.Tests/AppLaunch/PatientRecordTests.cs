using System.Net;
using System.Net.Http.Json;
using Lead.Auth.Tests.Infrastructure;

namespace Lead.Auth.Tests.AppLaunch;

/// <summary>
/// A launch's patient must be a record of the FHIR server its <c>aud</c> names (<see cref="Lead.Auth.AppLaunch.IPatientDirectory.IsRecordOfAsync"/>):
/// here patient p3 is configured as a record of <c>/fhir/aco</c> only.
/// </summary>
public sealed class PatientRecordTests : IAsyncLifetime
{
    private const string Scope = "launch/patient patient/*.rs";
    private AuthServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        _server = new AuthServerFixture(new()
        {
            ["Auth:Patients:2:Id"] = "p3",
            ["Auth:Patients:2:Name"] = "Carol Example",
            ["Auth:Patients:2:FhirBase"] = "/fhir/aco",
        });
        await _server.InitializeAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Picker_PatientOfAnotherBase_NotOfferedAndRefused()
    {
        using var driver = new AppLaunchDriver(_server);
        var picker = await driver.PickerPageAsync(driver.AuthorizeUrl(Scope, aud: _server.FhirBase + "/hie"));

        using var response = await driver.PostAuthorizeAsync(AppLaunchDriver.PickerFields(picker, "p3"));

        Assert.DoesNotContain("p3", AppLaunchDriver.OfferedPatients(picker));
        Assert.Contains("p1", AppLaunchDriver.OfferedPatients(picker));
        var query = AppLaunchDriver.Query(response.Headers.Location!);
        Assert.Equal("invalid_request", query["error"]);
        Assert.False(query.ContainsKey("code"));
    }

    [Fact]
    public async Task Picker_PatientOfItsBase_Issued()
    {
        using var driver = new AppLaunchDriver(_server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl(Scope, aud: _server.FhirBase + "/aco"), "p3");

        Assert.True(AppLaunchDriver.Query(callback).ContainsKey("code"), callback.ToString());
    }

    [Fact]
    public async Task EhrLaunch_AppAsksAnotherBase_Refused()
    {
        var launch = await RegisterAsync(new { patient = "p3", client_id = AuthServerFixture.PublicApp, aud = _server.FhirBase + "/aco" });
        using var driver = new AppLaunchDriver(_server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl("launch patient/*.rs", aud: _server.FhirBase + "/hie", launch: launch));

        Assert.Equal("invalid_request", AppLaunchDriver.Query(callback)["error"]);
    }

    [Fact]
    public async Task LaunchRegistration_PatientNotOfAud_400()
    {
        using var client = await LauncherAsync();

        using var response = await client.PostAsJsonAsync("auth/launch", new { patient = "p3", client_id = AuthServerFixture.PublicApp, aud = _server.FhirBase + "/hie" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<string> RegisterAsync(object body)
    {
        using var client = await LauncherAsync();
        using var response = await client.PostAsJsonAsync("auth/launch", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await Json.ReadAsync(response)).GetProperty("launch").GetString()!;
    }

    private async Task<HttpClient> LauncherAsync()
    {
        var token = await BackendTokens.GetAsync(_server, AuthServerFixture.LauncherClient, "system/launch.write");
        var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = BackendTokens.Bearer(token);
        return client;
    }
}
