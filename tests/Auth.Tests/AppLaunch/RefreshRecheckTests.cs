using System.Net;
using Lead.Auth.Clients;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;

namespace Lead.Auth.Tests.AppLaunch;

/// <summary>
/// A refresh is re-checked against the client's registration as it is now, and a chain of refreshes ends when the
/// first refresh token would have (no sliding expiration). Own server: these tests change the app's registration.
/// </summary>
public sealed class RefreshRecheckTests : IAsyncLifetime
{
    private const string Scope = "launch/patient offline_access patient/Observation.rs patient/Patient.rs";
    private AuthServerFixture _server = null!;

    public async Task InitializeAsync()
    {
        _server = new AuthServerFixture();
        await _server.InitializeAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync();

    private async Task<(AppLaunchDriver Driver, string Refresh)> LaunchAsync()
    {
        var driver = new AppLaunchDriver(_server);
        var callback = await driver.RunAsync(driver.AuthorizeUrl(Scope), "p1");
        using var redeemed = await driver.RedeemAsync(AppLaunchDriver.Query(callback)["code"]);
        return (driver, (await Json.ReadAsync(redeemed)).GetProperty("refresh_token").GetString()!);
    }

    private async Task RegisterAppAsync(string scopes, params string[] sources)
    {
        await using var scope = _server.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>().SaveAsync(new SmartClientOptions
        {
            ClientId = AuthServerFixture.PublicApp,
            Type = "public",
            RedirectUris = [AuthServerFixture.RedirectUri],
            Scopes = scopes,
            Sources = [.. sources],
        }, "config", CancellationToken.None);
    }

    [Fact]
    public async Task Refresh_RegistrationNarrowed_TokenNarrowed()
    {
        var (driver, refresh) = await LaunchAsync();
        using var _ = driver;
        await RegisterAppAsync("launch/patient offline_access patient/Observation.rs", "aco");

        using var response = await driver.RefreshAsync(refresh);

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var access = new JsonWebToken((await Json.ReadAsync(response)).GetProperty("access_token").GetString());
        Assert.DoesNotContain("patient/Patient.rs", access.GetClaim("scope").Value.Split(' '));
        Assert.Contains("patient/Observation.rs", access.GetClaim("scope").Value.Split(' '));
        Assert.Equal(["aco"], access.Claims.Where(c => c.Type == "lead_sources").Select(c => c.Value));
    }

    [Fact]
    public async Task Refresh_NoResourceScopeLeftInRegistration_InvalidGrant()
    {
        var (driver, refresh) = await LaunchAsync();
        using var _ = driver;
        await RegisterAppAsync("launch/patient offline_access user/Observation.rs");

        using var response = await driver.RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", (await Json.ReadAsync(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Refresh_Chain_KeepsFirstRefreshTokensExpiry()
    {
        var (driver, refresh) = await LaunchAsync();
        using var _ = driver;
        await Task.Delay(TimeSpan.FromSeconds(3));

        using var response = await driver.RefreshAsync(refresh);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = _server.Services.CreateAsyncScope();
        var tokens = scope.ServiceProvider.GetRequiredService<IOpenIddictTokenManager>();
        var expiries = new List<DateTimeOffset>();
        await foreach (var token in tokens.FindBySubjectAsync("clinician", CancellationToken.None))
        {
            if (await tokens.GetTypeAsync(token, CancellationToken.None) == OpenIddictConstants.TokenTypeIdentifiers.RefreshToken
                && await tokens.GetExpirationDateAsync(token, CancellationToken.None) is { } expires)
            {
                expiries.Add(expires);
            }
        }

        // Stored to the second: a refreshed token may end up to a second early, never later (without the fix: 3 s later).
        Assert.Equal(2, expiries.Count);
        Assert.True((expiries.Max() - expiries.Min()).Duration() < TimeSpan.FromSeconds(1.5), string.Join(", ", expiries));
    }
}
