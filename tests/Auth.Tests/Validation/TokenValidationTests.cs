using System.Net;
using Lead.Auth.Scopes;
using Lead.Auth.Tests.Infrastructure;
using Lead.Auth.Validation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Auth.Tests.Validation;

/// <summary>A stand-in for the gateway: its own host validating the auth server's tokens with AddSmartTokenValidation.</summary>
[Collection(AuthServerCollection.Name)]
public sealed class TokenValidationTests(AuthServerFixture server) : IAsyncLifetime
{
    private WebApplication? _gateway;
    private Uri? _address;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var settings = AuthServerFixture.Settings(server.DataDirectory);
        // The gateway runs on another port than the auth server here, so the FHIR base is named absolutely.
        settings["Auth:FhirBaseUrls:0"] = server.FhirBase;
        settings["Auth:FhirBaseUrls:1"] = server.FhirBase + "/*";
        builder.Configuration.AddInMemoryCollection(settings);
        // The gateway shares the key store with the auth server it hosts; here, the same data directory.
        builder.Services.AddSingleton(server.Services.GetRequiredService<Lead.Auth.Server.ServerKeyStore>());
        builder.Services.AddSmartTokenValidation(builder.Configuration);
        builder.Services.AddAuthorization();
        _gateway = builder.Build();
        _gateway.UseAuthentication();
        _gateway.UseAuthorization();
        _gateway.MapGet("/fhir/{**path}", (HttpContext http, string? path) =>
        {
            // /fhir/{source}/... : a lower-case first segment is a source id, as in the gateway's per-source bases.
            var relative = path ?? string.Empty;
            if (relative.Length > 0 && char.IsLower(relative[0]))
            {
                relative = relative.Contains('/', StringComparison.Ordinal) ? relative[(relative.IndexOf('/', StringComparison.Ordinal) + 1)..] : string.Empty;
            }

            var decision = SmartRequestAuthorizer.Authorize("GET", relative, [], http.User);
            return decision.IsAllowed ? Results.Ok(new { decision.Kind, decision.PatientId }) : Results.StatusCode(decision.StatusCode);
        }).RequireAuthorization();
        await _gateway.StartAsync();
        var address = _gateway.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _address = new Uri(address);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = BackendTokens.Bearer(token);
        }

        using var client = new HttpClient { BaseAddress = _address };
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Gateway_NoToken_401InvalidToken()
    {
        using var response = await GetAsync("fhir/Patient/1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Gateway_GarbageToken_401InvalidToken()
    {
        using var response = await GetAsync("fhir/Patient/1", "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Gateway_BackendToken_AllowedByScope()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.RsaClient, "system/Patient.rs");

        using var allowed = await GetAsync("fhir/Patient/1", token);
        using var denied = await GetAsync("fhir/Observation/1", token);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }

    [Fact]
    public async Task Gateway_AppTokenForOneSource_RefusedAtAnother()
    {
        using var driver = new AppLaunchDriver(server);
        var callback = await driver.RunAsync(driver.AuthorizeUrl("launch/patient patient/*.rs", aud: server.FhirBase + "/aco-east"));
        using var redeemed = await driver.RedeemAsync(AppLaunchDriver.Query(callback)["code"]);
        var token = (await Json.ReadAsync(redeemed)).GetProperty("access_token").GetString();

        using var sameSource = await GetAsync("fhir/aco-east/Patient/p1", token);
        using var otherSource = await GetAsync("fhir/hie/Patient/p1", token);
        using var unified = await GetAsync("fhir/Patient/p1", token);

        Assert.Equal(HttpStatusCode.OK, sameSource.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, otherSource.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unified.StatusCode);
    }

    [Fact]
    public async Task Gateway_TamperedToken_401()
    {
        var token = await BackendTokens.GetAsync(server, AuthServerFixture.RsaClient, "system/Patient.rs");
        var parts = token.Split('.');
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace("system/Patient.rs", "system/*.cruds", StringComparison.Ordinal);
        var tampered = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload) + "." + parts[2];

        using var response = await GetAsync("fhir/Observation/1", tampered);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Gateway_IdTokenAsAccessToken_401()
    {
        using var driver = new AppLaunchDriver(server);
        var callback = await driver.RunAsync(driver.AuthorizeUrl("openid fhirUser launch/patient patient/*.rs"));
        using var redeemed = await driver.RedeemAsync(AppLaunchDriver.Query(callback)["code"]);
        var json = await Json.ReadAsync(redeemed);

        using var withId = await GetAsync("fhir/Patient/p1", json.GetProperty("id_token").GetString());
        using var withAccess = await GetAsync("fhir/Patient/p1", json.GetProperty("access_token").GetString());
        using var otherPatient = await GetAsync("fhir/Patient/p2", json.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.Unauthorized, withId.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withAccess.StatusCode);
        Assert.Contains("\"patientId\":\"p1\"", await withAccess.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, otherPatient.StatusCode);
    }
}
