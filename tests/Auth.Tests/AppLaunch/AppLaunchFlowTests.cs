using System.Net;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lead.Auth.Tests.AppLaunch;

[Collection(AuthServerCollection.Name)]
public sealed class AppLaunchFlowTests(AuthServerFixture server)
{
    private const string StandaloneScope = "openid fhirUser launch/patient offline_access patient/Observation.rs patient/Patient.rs";

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response)
    {
        Assert.False(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await Json.ReadAsync(response)).GetProperty("error").GetString()!;
    }

    private async Task<(AppLaunchDriver Driver, string Code)> AuthorizeAsync(string scope = StandaloneScope, string patient = "p1")
    {
        var driver = new AppLaunchDriver(server);
        var callback = await driver.RunAsync(driver.AuthorizeUrl(scope), patient);
        var query = AppLaunchDriver.Query(callback);
        Assert.True(query.ContainsKey("code"), callback.ToString());
        return (driver, query["code"]);
    }

    [Fact]
    public async Task StandaloneLaunch_SignInPickPatientRedeem_TokensCarryContext()
    {
        var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl(StandaloneScope), "p2");
        var query = AppLaunchDriver.Query(callback);
        using var response = await driver.RedeemAsync(query["code"]);

        Assert.StartsWith(AuthServerFixture.RedirectUri, callback.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal("st-123", query["state"]);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var json = await Json.ReadAsync(response);
        Assert.Equal("p2", json.GetProperty("patient").GetString());
        Assert.Equal(StandaloneScope.Split(' ').Order(), json.GetProperty("scope").GetString()!.Split(' ').Order());
        Assert.True(json.TryGetProperty("refresh_token", out _), body);
        var access = new JsonWebToken(json.GetProperty("access_token").GetString());
        Assert.Equal("p2", access.GetClaim("patient").Value);
        Assert.Equal("clinician", access.Subject);
        Assert.Equal("Practitioner/pr1", access.GetClaim("fhirUser").Value);
        Assert.Equal(AuthServerFixture.PublicApp, access.GetClaim("client_id").Value);
        Assert.Contains(server.FhirBase, access.Audiences);
        var id = new JsonWebToken(json.GetProperty("id_token").GetString());
        Assert.Equal("RS256", id.Alg);
        Assert.Equal("Practitioner/pr1", id.GetClaim("fhirUser").Value);
        Assert.Contains(AuthServerFixture.PublicApp, id.Audiences);
    }

    [Fact]
    public async Task AuthorizationCode_Reused_SecondRedeemRefused()
    {
        var (driver, code) = await AuthorizeAsync();
        using (driver)
        {
            using var first = await driver.RedeemAsync(code);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);

            using var second = await driver.RedeemAsync(code);

            Assert.Equal("invalid_grant", await ErrorOfAsync(second));
        }
    }

    [Fact]
    public async Task AuthorizationCode_WrongVerifier_InvalidGrant()
    {
        var (driver, code) = await AuthorizeAsync();
        using (driver)
        {
            using var response = await driver.RedeemAsync(code, verifier: new AppLaunchDriver(server).Verifier);

            Assert.Equal("invalid_grant", await ErrorOfAsync(response));
        }
    }

    [Fact]
    public async Task AuthorizationCode_RedirectUriMismatchAtToken_InvalidGrant()
    {
        var (driver, code) = await AuthorizeAsync();
        using (driver)
        {
            using var response = await driver.RedeemAsync(code, redirectUri: "http://127.0.0.1:1/other");

            Assert.Equal("invalid_grant", await ErrorOfAsync(response));
        }
    }

    [Fact]
    public async Task Authorize_UnregisteredRedirectUri_RefusedWithoutRedirect()
    {
        using var driver = new AppLaunchDriver(server);

        using var response = await driver.GetAsync(driver.AuthorizeUrl(StandaloneScope, redirectUri: "http://127.0.0.1:1/callback/evil"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData(null)]
    public async Task Authorize_NonS256Pkce_Refused(string? method)
    {
        using var driver = new AppLaunchDriver(server);

        using var response = await driver.GetAsync(driver.AuthorizeUrl(StandaloneScope, challenge: driver.Verifier, method: method));

        // Refused before the redirect_uri is trusted, so OpenIddict answers itself instead of redirecting.
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_MissingChallenge_Refused()
    {
        using var driver = new AppLaunchDriver(server);
        var url = driver.AuthorizeUrl(StandaloneScope).Replace("code_challenge=", "x_challenge=", StringComparison.Ordinal)
            .Replace("code_challenge_method=", "x_method=", StringComparison.Ordinal);

        using var response = await driver.GetAsync(url);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("code_challenge", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_UnknownAud_Refused()
    {
        using var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl(StandaloneScope, aud: "https://evil.example/fhir"));

        var query = AppLaunchDriver.Query(callback);
        Assert.Equal("invalid_request", query["error"]);
        Assert.Contains("aud", query["error_description"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorize_SourceAud_Accepted()
    {
        using var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl(StandaloneScope, aud: server.FhirBase + "/aco-east"));

        Assert.True(AppLaunchDriver.Query(callback).ContainsKey("code"), callback.ToString());
    }

    [Fact]
    public async Task Authorize_OnlyUnregisteredScopes_InvalidScope()
    {
        using var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl("openid system/*.cruds"));

        Assert.Equal("invalid_scope", AppLaunchDriver.Query(callback)["error"]);
    }

    [Fact]
    public async Task Refresh_SameOrNarrowerScope_Succeeds()
    {
        var (driver, code) = await AuthorizeAsync();
        using (driver)
        {
            using var redeemed = await driver.RedeemAsync(code);
            var refresh = (await Json.ReadAsync(redeemed)).GetProperty("refresh_token").GetString()!;

            using var response = await driver.RefreshAsync(refresh, "patient/Observation.rs offline_access");

            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var json = await Json.ReadAsync(response);
            Assert.Equal("p1", json.GetProperty("patient").GetString());
            var access = new JsonWebToken(json.GetProperty("access_token").GetString());
            Assert.Equal("patient/Observation.rs offline_access", access.GetClaim("scope").Value);
        }
    }

    [Fact]
    public async Task Refresh_AskingForMoreScope_Refused()
    {
        var (driver, code) = await AuthorizeAsync();
        using (driver)
        {
            using var redeemed = await driver.RedeemAsync(code);
            var refresh = (await Json.ReadAsync(redeemed)).GetProperty("refresh_token").GetString()!;

            using var response = await driver.RefreshAsync(refresh, "patient/Observation.rs patient/Condition.rs offline_access");

            Assert.Equal("invalid_scope", await ErrorOfAsync(response));
        }
    }

    [Fact]
    public async Task OnlineAccess_Redeem_RefreshTokenThatWorks()
    {
        var (driver, code) = await AuthorizeAsync("online_access launch/patient patient/Observation.rs");
        using (driver)
        {
            using var redeemed = await driver.RedeemAsync(code);
            var json = await Json.ReadAsync(redeemed);
            Assert.True(json.TryGetProperty("refresh_token", out var refresh), json.ToString());

            using var refreshed = await driver.RefreshAsync(refresh.GetString()!);

            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            Assert.Equal("p1", (await Json.ReadAsync(refreshed)).GetProperty("patient").GetString());
        }
    }

    [Fact]
    public async Task NoOfflineOrOnlineAccess_Redeem_NoRefreshToken()
    {
        var (driver, code) = await AuthorizeAsync("launch/patient patient/Observation.rs");
        using (driver)
        {
            using var redeemed = await driver.RedeemAsync(code);

            Assert.False((await Json.ReadAsync(redeemed)).TryGetProperty("refresh_token", out _));
        }
    }

    [Fact]
    public async Task ConfidentialApp_ClientSecretBasic_Redeems()
    {
        using var driver = new AppLaunchDriver(server);
        var callback = await driver.RunAsync(driver.AuthorizeUrl("launch/patient patient/*.rs", clientId: AuthServerFixture.ConfidentialApp));
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AuthServerFixture.ConfidentialApp}:{AuthServerFixture.AppSecret}")));
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = AppLaunchDriver.Query(callback)["code"],
            ["redirect_uri"] = AuthServerFixture.RedirectUri,
            ["code_verifier"] = driver.Verifier,
        };

        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(form));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ConfidentialApp_WrongSecret_InvalidClient()
    {
        using var driver = new AppLaunchDriver(server);
        var callback = await driver.RunAsync(driver.AuthorizeUrl("launch/patient patient/*.rs", clientId: AuthServerFixture.ConfidentialApp));
        using var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{AuthServerFixture.ConfidentialApp}:wrong")));

        using var response = await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = AppLaunchDriver.Query(callback)["code"],
            ["redirect_uri"] = AuthServerFixture.RedirectUri,
            ["code_verifier"] = driver.Verifier,
        }));

        Assert.Equal("invalid_client", await ErrorOfAsync(response));
    }

    [Fact]
    public async Task Authorize_PromptNoneWithoutSession_LoginRequired()
    {
        using var driver = new AppLaunchDriver(server);

        var callback = await driver.RunAsync(driver.AuthorizeUrl(StandaloneScope) + "&prompt=none");

        Assert.Equal("login_required", AppLaunchDriver.Query(callback)["error"]);
    }

    [Fact]
    public async Task SignIn_WrongPassword_NoCode()
    {
        using var driver = new AppLaunchDriver(server);

        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => driver.RunAsync(driver.AuthorizeUrl(StandaloneScope), password: "wrong"));
    }

    [Fact]
    public async Task PatientPicker_PatientNotInDirectory_AccessDenied()
    {
        using var driver = new AppLaunchDriver(server);
        var url = driver.AuthorizeUrl(StandaloneScope);
        await Assert.ThrowsAsync<InvalidOperationException>(() => driver.RunAsync(url, "p-unknown"));
        var picker = await driver.PickerPageAsync(url);

        using var response = await driver.PostAuthorizeAsync(AppLaunchDriver.PickerFields(picker, "p-unknown"));

        Assert.Equal("access_denied", AppLaunchDriver.Query(response.Headers.Location!)["error"]);
    }
}
