using System.Net;
using System.Net.Http.Json;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lead.Auth.Tests.AppLaunch;

[Collection(AuthServerCollection.Name)]
public sealed class EhrLaunchTests(AuthServerFixture server)
{
    private async Task<HttpResponseMessage> RegisterLaunchAsync(string token, object body)
    {
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = BackendTokens.Bearer(token);
        return await client.PostAsJsonAsync("auth/launch", body);
    }

    [Fact]
    public async Task EhrLaunch_RegisteredContext_TokenCarriesPatientAndEncounter()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.LauncherClient, "system/launch.write");
        using var registered = await RegisterLaunchAsync(token, new { patient = "p2", encounter = "e9", client_id = AuthServerFixture.PublicApp, aud = server.FhirBase });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var launch = (await Json.ReadAsync(registered)).GetProperty("launch").GetString()!;
        using var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl("launch openid fhirUser patient/*.rs", launch: launch), pickPatient: "none");
        using var response = await driver.RedeemAsync(AppLaunchDriver.Query(callback)["code"]);

        var json = await Json.ReadAsync(response);
        Assert.Equal("p2", json.GetProperty("patient").GetString());
        Assert.Equal("e9", json.GetProperty("encounter").GetString());
        Assert.Equal("p2", new JsonWebToken(json.GetProperty("access_token").GetString()).GetClaim("patient").Value);
    }

    [Fact]
    public async Task EhrLaunch_LaunchUsedTwice_SecondRefused()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.LauncherClient, "system/launch.write");
        using var registered = await RegisterLaunchAsync(token, new { patient = "p1", client_id = AuthServerFixture.PublicApp, aud = server.FhirBase });
        var launch = (await Json.ReadAsync(registered)).GetProperty("launch").GetString()!;
        using var driver = new AppLaunchDriver(server);
        var first = await driver.RunAsync(driver.AuthorizeUrl("launch patient/*.rs", launch: launch));
        Assert.True(AppLaunchDriver.Query(first).ContainsKey("code"));

        var second = await driver.RunAsync(driver.AuthorizeUrl("launch patient/*.rs", launch: launch));

        Assert.Equal("invalid_request", AppLaunchDriver.Query(second)["error"]);
    }

    [Fact]
    public async Task EhrLaunch_UnknownLaunch_Refused()
    {
        using var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl("launch patient/*.rs", launch: "made-up"));

        Assert.Equal("invalid_request", AppLaunchDriver.Query(callback)["error"]);
    }

    [Fact]
    public async Task LaunchRegistration_TokenWithoutLaunchScope_Forbidden()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.RsaClient, "system/Patient.rs");

        using var response = await RegisterLaunchAsync(token, new { patient = "p1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task LaunchRegistration_NoToken_Unauthorized()
    {
        using var client = server.CreateClient();

        using var response = await client.PostAsJsonAsync("auth/launch", new { patient = "p1" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }
}
