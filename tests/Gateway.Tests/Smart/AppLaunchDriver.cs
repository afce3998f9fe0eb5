using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Gateway.Tests.Smart;

/// <summary>
/// Standalone App Launch against the gateway's hosted authorization server, driven as a browser would: authorize,
/// the sandbox sign-in page, the patient picker, the redirect with the code, then the token request with the PKCE verifier.
/// </summary>
internal sealed partial class AppLaunchDriver(Uri gatewayBase) : IDisposable
{
    public const string ClientId = "demo-smart-app";
    public const string RedirectUri = "http://localhost:4000/callback";

    private readonly HttpClient browser = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = gatewayBase };
    private readonly string verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Runs the whole flow and returns the token response.</summary>
    public async Task<JsonElement> LaunchAsync(string scope, string audience, string patientId)
    {
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var next = QueryHelpers.AddQueryString("auth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "state-42",
            ["aud"] = audience,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(next);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var html = await response.Content.ReadAsStringAsync();
                next = html.Contains("name=\"password\"", StringComparison.Ordinal) ? await SignInAsync(html) : Pick(html, patientId);
                continue;
            }

            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            var location = new Uri(gatewayBase, response.Headers.Location!);
            if (location.AbsoluteUri.StartsWith(RedirectUri, StringComparison.Ordinal))
            {
                var query = QueryHelpers.ParseQuery(location.Query);
                Assert.Equal("state-42", query["state"].ToString());
                return await RedeemAsync(query["code"].ToString());
            }

            next = location.PathAndQuery;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public void Dispose() => browser.Dispose();

    private async Task<JsonElement> RedeemAsync(string code)
    {
        using var response = await browser.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = ClientId,
            ["code_verifier"] = verifier,
        }));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<string> SignInAsync(string html)
    {
        var form = Inputs().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["username"] = "clinician";
        form["password"] = "lead-sandbox";
        using var response = await browser.PostAsync("auth/signin", new FormUrlEncodedContent(form));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {response.StatusCode}");
        return response.Headers.Location!.OriginalString;
    }

    private static string Pick(string html, string patientId) =>
        WebUtility.HtmlDecode(PatientLinks().Matches(html).First(m => WebUtility.HtmlDecode(m.Groups["id"].Value) == patientId).Groups["href"].Value);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex Inputs();

    [GeneratedRegex("<a href=\"(?<href>[^\"]+)\" data-patient=\"(?<id>[^\"]+)\">")]
    private static partial Regex PatientLinks();
}
