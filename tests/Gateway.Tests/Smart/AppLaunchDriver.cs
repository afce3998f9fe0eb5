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
/// <param name="appClientId">The app: the sandbox's demo app unless a test registers its own.</param>
internal sealed partial class AppLaunchDriver(Uri gatewayBase, string appClientId = AppLaunchDriver.ClientId) : IDisposable
{
    public const string ClientId = "demo-smart-app";
    public const string RedirectUri = "http://localhost:4000/callback";

    private readonly HttpClient browser = new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = gatewayBase };
    private readonly string verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>Runs the whole flow and returns the token response.</summary>
    public Task<JsonElement> LaunchAsync(string scope, string audience, string patientId) => LaunchAsync(scope, audience, _ => patientId);

    /// <summary>Runs the whole flow, picking the patient the picker page offers at <paramref name="choose"/>.</summary>
    public async Task<JsonElement> LaunchAsync(string scope, string audience, Func<string, string> choose)
    {
        var location = await AuthorizeAsync(AuthorizeUrl(scope, audience), choose);
        var query = QueryHelpers.ParseQuery(location.Query);
        Assert.True(query.ContainsKey("code"), location.ToString());
        Assert.Equal("state-42", query["state"].ToString());
        return await RedeemAsync(query["code"].ToString());
    }

    /// <summary>Follows the flow (sign-in, picking <paramref name="patientId"/>) to the redirect back to the app.</summary>
    public Task<Uri> AuthorizeAsync(string authorizeUrl, string patientId) => AuthorizeAsync(authorizeUrl, _ => patientId);

    /// <summary>Follows the flow (sign-in, the patient <paramref name="choose"/> picks from the picker page) to the redirect back to the app.</summary>
    public async Task<Uri> AuthorizeAsync(string authorizeUrl, Func<string, string> choose)
    {
        var response = await browser.GetAsync(authorizeUrl);
        for (var hop = 0; hop < 10; hop++)
        {
            var current = response;
            using (current)
            {
                if (current.StatusCode == HttpStatusCode.OK)
                {
                    var html = await current.Content.ReadAsStringAsync();
                    response = html.Contains("name=\"password\"", StringComparison.Ordinal)
                        ? await browser.GetAsync(await SignInAsync(html))
                        : await PostAuthorizeAsync(PickerFields(html, choose(html), mustBeOffered: true));
                    continue;
                }

                Assert.True(current.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{current.StatusCode}: {await current.Content.ReadAsStringAsync()}");
                var location = new Uri(gatewayBase, current.Headers.Location!);
                if (location.AbsoluteUri.StartsWith(RedirectUri, StringComparison.Ordinal))
                {
                    return location;
                }

                response = await browser.GetAsync(location.PathAndQuery);
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>Signs in and returns the patient picker page of <paramref name="authorizeUrl"/>.</summary>
    public async Task<string> PickerPageAsync(string authorizeUrl)
    {
        var next = authorizeUrl;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(next);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var html = await response.Content.ReadAsStringAsync();
                if (!html.Contains("name=\"password\"", StringComparison.Ordinal))
                {
                    return html;
                }

                next = await SignInAsync(html);
                continue;
            }

            next = new Uri(gatewayBase, response.Headers.Location!).PathAndQuery;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    public string AuthorizeUrl(string scope, string audience, string? launch = null)
    {
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = appClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "state-42",
            ["aud"] = audience,
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        };
        if (launch is not null)
        {
            query["launch"] = launch;
        }

        return QueryHelpers.AddQueryString("auth/authorize", query);
    }

    /// <summary>The picker form's fields with <paramref name="patientId"/> chosen (offered by the picker or, to tamper, not).</summary>
    public static Dictionary<string, string> PickerFields(string html, string patientId, bool mustBeOffered)
    {
        if (mustBeOffered && !PatientButtons().Matches(html).Any(m => WebUtility.HtmlDecode(m.Groups["id"].Value) == patientId))
        {
            throw new InvalidOperationException($"Patient {patientId} not offered by the picker.");
        }

        var form = Inputs().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["lead_patient"] = patientId;
        return form;
    }

    public static IReadOnlyList<string> OfferedPatients(string html) =>
        PatientButtons().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["id"].Value)).ToList();

    public Task<HttpResponseMessage> PostAuthorizeAsync(Dictionary<string, string> form) =>
        browser.PostAsync("auth/authorize", new FormUrlEncodedContent(form));

    public void Dispose() => browser.Dispose();

    public async Task<JsonElement> RedeemAsync(string code)
    {
        using var response = await browser.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = RedirectUri,
            ["client_id"] = appClientId,
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

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex Inputs();

    [GeneratedRegex("<button type=\"submit\" name=\"lead_patient\" value=\"[^\"]*\" data-patient=\"(?<id>[^\"]+)\">")]
    private static partial Regex PatientButtons();
}
