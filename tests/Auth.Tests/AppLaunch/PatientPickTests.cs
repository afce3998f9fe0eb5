using System.Net;
using System.Net.Http.Json;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lead.Auth.Tests.AppLaunch;

/// <summary>
/// The patient is chosen by the signed-in user on the picker, never by whoever builds the authorize URL: a malicious
/// registered app redirecting a signed-in clinician must not get a token for a patient of its choosing.
/// </summary>
[Collection(AuthServerCollection.Name)]
public sealed class PatientPickTests(AuthServerFixture server)
{
    private const string Scope = "openid fhirUser launch/patient patient/*.rs";

    /// <summary>A driver whose browser already holds a sign-in cookie (a finished launch).</summary>
    private async Task<AppLaunchDriver> SignedInAsync()
    {
        var driver = new AppLaunchDriver(server);
        var first = await driver.RunAsync(driver.AuthorizeUrl(Scope), "p1");
        Assert.True(AppLaunchDriver.Query(first).ContainsKey("code"), first.ToString());
        return driver;
    }

    [Fact]
    public async Task Authorize_PatientInAppUrlPromptNone_NoSilentToken()
    {
        using var driver = await SignedInAsync();

        using var response = await driver.GetAsync(driver.AuthorizeUrl(Scope) + "&lead_patient=p2&prompt=none");

        var query = AppLaunchDriver.Query(response.Headers.Location!);
        Assert.False(query.ContainsKey("code"));
        Assert.Equal("interaction_required", query["error"]);
    }

    [Fact]
    public async Task Authorize_PatientInAppUrlWithSignInCookie_PickerStillShown()
    {
        using var driver = await SignedInAsync();

        using var response = await driver.GetAsync(driver.AuthorizeUrl(Scope) + "&lead_patient=p2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/auth/patient?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickerPost_WithoutAntiforgeryToken_NotAccepted()
    {
        using var driver = new AppLaunchDriver(server);
        var form = AppLaunchDriver.PickerForm(await driver.PickerPageAsync(driver.AuthorizeUrl(Scope)), "p2");
        form.Remove(form.Keys.Single(k => k.StartsWith("__RequestVerificationToken", StringComparison.Ordinal)));

        using var response = await driver.PostAuthorizeAsync(form);

        Assert.StartsWith("/auth/patient?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickerPost_ForAnotherAuthorizeRequest_NotAccepted()
    {
        // A pick made for one request (one code_challenge) does not carry over to another built by someone else.
        using var driver = new AppLaunchDriver(server);
        var form = AppLaunchDriver.PickerForm(await driver.PickerPageAsync(driver.AuthorizeUrl(Scope)), "p2");
        form["code_challenge"] = new AppLaunchDriver(server).Challenge;

        using var response = await driver.PostAuthorizeAsync(form);

        Assert.StartsWith("/auth/patient?", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PickerPost_Chosen_TokenForChosenPatient()
    {
        using var driver = new AppLaunchDriver(server);
        var picker = await driver.PickerPageAsync(driver.AuthorizeUrl(Scope));

        using var response = await driver.PostAuthorizeAsync(AppLaunchDriver.PickerForm(picker, "p2"));
        using var redeemed = await driver.RedeemAsync(AppLaunchDriver.Query(response.Headers.Location!)["code"]);

        Assert.Contains("smart-app", picker, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var access = new JsonWebToken((await Json.ReadAsync(redeemed)).GetProperty("access_token").GetString());
        Assert.Equal("p2", access.GetClaim("patient").Value);
    }

    [Fact]
    public async Task LaunchRegistration_WithoutClientId_400()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.LauncherClient, "system/launch.write");
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = BackendTokens.Bearer(token);

        using var response = await client.PostAsJsonAsync("auth/launch", new { patient = "p1", aud = server.FhirBase });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task EhrLaunch_BoundToOneApp_AnotherAppRefused()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.LauncherClient, "system/launch.write");
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = BackendTokens.Bearer(token);
        using var registered = await client.PostAsJsonAsync("auth/launch", new { patient = "p1", client_id = AuthServerFixture.ConfidentialApp, aud = server.FhirBase });
        var launch = (await Json.ReadAsync(registered)).GetProperty("launch").GetString()!;
        using var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl("launch patient/*.rs", launch: launch));

        Assert.Equal("invalid_request", AppLaunchDriver.Query(callback)["error"]);
    }

    [Fact]
    public async Task PickerPage_FormActionAllowsTheAppsRedirectOrigin()
    {
        // Browsers check form-action on the redirect after the POST too: the app's callback origin must be allowed.
        using var driver = new AppLaunchDriver(server);
        await driver.PickerPageAsync(driver.AuthorizeUrl(Scope));
        var returnUrl = "/" + driver.AuthorizeUrl(Scope);

        using var response = await driver.GetAsync("auth/patient?returnUrl=" + Uri.EscapeDataString(returnUrl));

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("form-action 'self' http://127.0.0.1:1;", csp, StringComparison.Ordinal);
    }
}
