using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>
/// Standalone App Launch (sign-in, patient picker, PKCE) for <see cref="ClientId"/>, a SMART app registered by
/// <see cref="SubscriptionGatewayFixture"/> that may create Subscriptions: one client id whatever patient it runs for.
/// Like the Smart tests' driver, but for this client and picking a patient by its position in the picker.
/// </summary>
internal static partial class SubscriberApp
{
    public const string ClientId = "test-subscriber-app";
    public const string RedirectUri = "http://localhost:4000/callback";

    /// <summary>An HttpClient carrying the app's token and the patient it was launched for (null without launch/patient).</summary>
    public static async Task<(HttpClient Client, string? PatientId)> LaunchAsync(Uri gatewayBase, string scope, int pickerIndex = 0)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = gatewayBase };
        var verifier = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var next = QueryHelpers.AddQueryString("auth/authorize", new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = ClientId,
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "state-7",
            ["aud"] = new Uri(gatewayBase, "fhir").AbsoluteUri,
            ["code_challenge"] = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))),
            ["code_challenge_method"] = "S256",
        });
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(next);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var html = await response.Content.ReadAsStringAsync();
                if (html.Contains("name=\"password\"", StringComparison.Ordinal))
                {
                    next = await SignInAsync(browser, html);
                    continue;
                }
            }

            // The picker's choice is a form POSTed back to the authorize endpoint, which answers with a redirect.
            using var redirect = response.StatusCode == HttpStatusCode.OK ? await PickAsync(browser, await response.Content.ReadAsStringAsync(), pickerIndex) : null;
            var answer = redirect ?? response;
            Assert.True(answer.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{answer.StatusCode}: {await answer.Content.ReadAsStringAsync()}");
            var location = new Uri(gatewayBase, answer.Headers.Location!);
            if (location.AbsoluteUri.StartsWith(RedirectUri, StringComparison.Ordinal))
            {
                var code = QueryHelpers.ParseQuery(location.Query)["code"].ToString();
                return await RedeemAsync(browser, gatewayBase, code, verifier);
            }

            next = location.PathAndQuery;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private static async Task<(HttpClient, string?)> RedeemAsync(HttpClient browser, Uri gatewayBase, string code, string verifier)
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
        using var json = JsonDocument.Parse(body);
        var client = new HttpClient { BaseAddress = gatewayBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", json.RootElement.GetProperty("access_token").GetString());
        return (client, json.RootElement.TryGetProperty("patient", out var patient) ? patient.GetString() : null);
    }

    private static async Task<string> SignInAsync(HttpClient browser, string html)
    {
        var form = Inputs().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["username"] = "clinician";
        form["password"] = "lead-sandbox";
        using var response = await browser.PostAsync("auth/signin", new FormUrlEncodedContent(form));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {response.StatusCode}");
        return response.Headers.Location!.OriginalString;
    }

    private static async Task<HttpResponseMessage> PickAsync(HttpClient browser, string html, int index)
    {
        var form = Inputs().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["lead_patient"] = WebUtility.HtmlDecode(PatientButtons().Matches(html)[index].Groups["id"].Value);
        return await browser.PostAsync("auth/authorize", new FormUrlEncodedContent(form));
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex Inputs();

    [GeneratedRegex("<button type=\"submit\" name=\"lead_patient\" value=\"[^\"]*\" data-patient=\"(?<id>[^\"]+)\">")]
    private static partial Regex PatientButtons();
}
