using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Tests.Infrastructure;

/// <summary>Drives the authorization-code flow the way a browser would: redirects followed by hand, cookies in a container.</summary>
internal sealed partial class AppLaunchDriver(AuthServerFixture server) : IDisposable
{
    private readonly HttpClient _http = server.CreateClient(new CookieContainer());

    public string Verifier { get; } = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    public string Challenge => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));

    public string AuthorizeUrl(
        string scope, string? state = "st-123", string clientId = AuthServerFixture.PublicApp, string? aud = null,
        string redirectUri = AuthServerFixture.RedirectUri, string? challenge = null, string? method = "S256", string? launch = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirectUri,
            ["scope"] = scope,
            ["state"] = state,
            ["aud"] = aud ?? server.FhirBase,
            ["code_challenge"] = challenge ?? Challenge,
            ["code_challenge_method"] = method,
            ["launch"] = launch,
        };
        return QueryHelpers.AddQueryString("auth/authorize", query.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
    }

    /// <summary>Follows redirects inside the server (sign-in, patient picker) until one leaves it for the app's redirect_uri.</summary>
    public async Task<Uri> RunAsync(string authorizeUrl, string pickPatient = "p1", string? password = null)
    {
        var response = await _http.GetAsync(authorizeUrl);
        for (var hop = 0; hop < 10; hop++)
        {
            var current = response;
            using (current)
            {
                if (current.StatusCode == HttpStatusCode.OK)
                {
                    var html = await current.Content.ReadAsStringAsync();
                    response = html.Contains("name=\"password\"", StringComparison.Ordinal)
                        ? await _http.GetAsync(await SignInAsync(html, password ?? AuthServerFixture.Password))
                        : await PostAuthorizeAsync(PickerForm(html, pickPatient));
                    continue;
                }

                Assert.True(current.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
                    $"{current.StatusCode}: {await current.Content.ReadAsStringAsync()}");
                var location = new Uri(server.BaseUri, current.Headers.Location!);
                if (!location.AbsoluteUri.StartsWith(server.BaseUri.AbsoluteUri, StringComparison.Ordinal))
                {
                    return location;
                }

                response = await _http.GetAsync(location.PathAndQuery);
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>Signs in (if needed) and returns the patient picker page for <paramref name="authorizeUrl"/>.</summary>
    public async Task<string> PickerPageAsync(string authorizeUrl)
    {
        var next = authorizeUrl;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await _http.GetAsync(next);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var html = await response.Content.ReadAsStringAsync();
                if (!html.Contains("name=\"password\"", StringComparison.Ordinal))
                {
                    return html;
                }

                next = await SignInAsync(html, AuthServerFixture.Password);
                continue;
            }

            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"{response.StatusCode}");
            next = new Uri(server.BaseUri, response.Headers.Location!).PathAndQuery;
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    /// <summary>The picker's form fields (hidden ones: the authorize request, antiforgery token, binding) with a patient chosen.</summary>
    public static Dictionary<string, string> PickerForm(string html, string patientId)
    {
        if (!PatientButtons().Matches(html).Any(m => WebUtility.HtmlDecode(m.Groups["id"].Value) == patientId))
        {
            throw new InvalidOperationException("Patient not offered by the picker: " + html);
        }

        return PickerFields(html, patientId);
    }

    /// <summary>The picker's hidden fields with any patient id, offered or not (a tampered form).</summary>
    public static Dictionary<string, string> PickerFields(string html, string patientId)
    {
        var form = Inputs().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["lead_patient"] = patientId;
        return form;
    }

    public Task<HttpResponseMessage> PostAuthorizeAsync(Dictionary<string, string> form) =>
        _http.PostAsync("auth/authorize", new FormUrlEncodedContent(form));

    public static IReadOnlyList<string> OfferedPatients(string html) =>
        PatientButtons().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups["id"].Value)).ToList();

    public Task<HttpResponseMessage> GetAsync(string url) => _http.GetAsync(url);

    public static Dictionary<string, string> Query(Uri uri) =>
        QueryHelpers.ParseQuery(uri.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    public async Task<HttpResponseMessage> RedeemAsync(string code, string? verifier = null, string redirectUri = AuthServerFixture.RedirectUri,
        string clientId = AuthServerFixture.PublicApp)
    {
        using var client = server.CreateClient();
        return await client.PostAsync("auth/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = redirectUri,
            ["client_id"] = clientId,
            ["code_verifier"] = verifier ?? Verifier,
        }));
    }

    public async Task<HttpResponseMessage> RefreshAsync(string refreshToken, string? scope = null)
    {
        using var client = server.CreateClient();
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
            ["client_id"] = AuthServerFixture.PublicApp,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return await client.PostAsync("auth/token", new FormUrlEncodedContent(form));
    }

    public void Dispose() => _http.Dispose();

    private async Task<string> SignInAsync(string html, string password)
    {
        var form = Inputs().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        form["username"] = "clinician";
        form["password"] = password;
        using var response = await _http.PostAsync("auth/signin", new FormUrlEncodedContent(form));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"sign-in answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response.Headers.Location!.OriginalString;
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex Inputs();

    [GeneratedRegex("<button type=\"submit\" name=\"lead_patient\" value=\"[^\"]*\" data-patient=\"(?<id>[^\"]+)\">")]
    private static partial Regex PatientButtons();
}
