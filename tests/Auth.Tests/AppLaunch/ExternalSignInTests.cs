using System.Net;
using System.Text.RegularExpressions;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Lead.Auth.Tests.AppLaunch;

public sealed class ExternalSignInTests : IAsyncLifetime
{
    private FakeOidcProvider _provider = null!;
    private AuthServerFixture? _server;

    public async Task InitializeAsync()
    {
        _provider = new FakeOidcProvider();
        await _provider.StartAsync();
        _server = new AuthServerFixture(new()
        {
            ["Auth:ExternalSignIn:Authority"] = _provider.Authority.AbsoluteUri,
            ["Auth:ExternalSignIn:ClientId"] = FakeOidcProvider.ClientId,
            ["Auth:ExternalSignIn:ClientSecret"] = FakeOidcProvider.ClientSecret,
            ["Auth:ExternalSignIn:FhirUserClaim"] = "practitioner",
        });
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _provider.StopAsync();
    }

    [Fact]
    public async Task ExternalSignIn_ProviderUser_TokenNamesExternalUser()
    {
        using var driver = new AppLaunchDriver(_server!);

        var atProvider = await driver.RunAsync(driver.AuthorizeUrl("openid fhirUser launch/patient patient/*.rs"));
        Assert.StartsWith(_provider.Authority.AbsoluteUri, atProvider.AbsoluteUri, StringComparison.Ordinal);
        var backAtServer = await FakeOidcProvider.FollowAsync(atProvider);
        var callback = await driver.RunAsync(backAtServer, "p2");
        using var response = await driver.RedeemAsync(AppLaunchDriver.Query(callback)["code"]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Json.ReadAsync(response);
        var access = new JsonWebToken(json.GetProperty("access_token").GetString());
        Assert.Equal("ext-user-1", access.Subject);
        Assert.Equal("Practitioner/ext-9", access.GetClaim("fhirUser").Value);
        Assert.Equal("p2", access.GetClaim("patient").Value);
        Assert.Equal(1, _provider.TokenRequests);
    }

    [Fact]
    public async Task ExternalSignIn_SandboxPage_NotOffered()
    {
        using var driver = new AppLaunchDriver(_server!);

        var first = await driver.RunAsync(driver.AuthorizeUrl("launch/patient patient/*.rs"));

        Assert.StartsWith(_provider.Authority.AbsoluteUri, first.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExternalSignIn_SandboxSignInPage_NotServedAndPasswordsRefused()
    {
        using var driver = new AppLaunchDriver(_server!);
        var returnUrl = "/" + driver.AuthorizeUrl("launch/patient patient/*.rs");
        var cookies = new CookieContainer();
        using var browser = _server!.CreateClient(cookies);
        using var page = await browser.GetAsync("auth/signin?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var html = await page.Content.ReadAsStringAsync();
        var form = Regex.Matches(html, "<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")
            .ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["returnUrl"] = returnUrl;
        form["username"] = "clinician";
        form["password"] = AuthServerFixture.Password;

        using var submitted = await browser.PostAsync("auth/signin", new FormUrlEncodedContent(form));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith(_provider.Authority.AbsoluteUri, page.Headers.Location!.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, submitted.StatusCode);
        Assert.DoesNotContain(cookies.GetAllCookies(), c => c.Name == "lead_smart_signin");
    }
}
