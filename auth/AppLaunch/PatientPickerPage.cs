using System.Net;
using System.Security.Claims;
using Lead.Auth.Clients;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// Standalone launch with <c>launch/patient</c>: after sign-in the user sees which app asks, and picks one of the
/// patients the directory offers that are records of the requested FHIR server. The choice is a form POSTed back to
/// the authorize endpoint (see <see cref="PatientPick"/>), which re-checks it against the directory.
/// </summary>
internal static class PatientPickerPage
{
    public static async Task<IResult> ShowAsync(
        HttpContext http, IPatientDirectory directory, ClientRegistry clients, IAntiforgery antiforgery,
        IOptions<AntiforgeryOptions> antiforgeryOptions, IDataProtectionProvider protection, IOptions<SmartAuthOptions> options, string? returnUrl)
    {
        if (!ReturnUrls.IsAuthorizeUrl(returnUrl, http.Request, options.Value.PathPrefix))
        {
            return Results.BadRequest("The patient picker must start from an authorization request.");
        }

        var user = await http.AuthenticateAsync(SmartAuthDefaults.SignInScheme);
        if (user.Principal is not { Identity.IsAuthenticated: true } principal)
        {
            return Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [ExternalSignInSetup.ChallengeScheme(options.Value)]);
        }

        var parameters = QueryHelpers.ParseQuery(returnUrl![(returnUrl!.IndexOf('?', StringComparison.Ordinal) + 1)..])
            .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty)))
            .ToList();
        var pick = new PatientPick(antiforgery, antiforgeryOptions.Value, protection);
        parameters.RemoveAll(p => pick.IsPickField(p.Key));
        var aud = parameters.FirstOrDefault(p => p.Key == "aud").Value;
        var clientId = parameters.FirstOrDefault(p => p.Key == Parameters.ClientId).Value;
        var client = string.IsNullOrEmpty(clientId) ? null : await clients.FindAsync(clientId, http.RequestAborted);
        if (string.IsNullOrEmpty(aud) || client is null)
        {
            return Results.BadRequest("The patient picker must start from an authorization request.");
        }

        var offered = new List<PatientSummary>();
        foreach (var patient in await directory.ListAsync(principal, http.RequestAborted))
        {
            if (await directory.IsRecordOfAsync(patient.Id, aud, http.RequestAborted))
            {
                offered.Add(patient);
            }
        }

        var e = (string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
        var tokens = antiforgery.GetAndStoreTokens(http);
        var hidden = string.Concat(parameters
            .Append(new(tokens.FormFieldName, tokens.RequestToken!))
            .Append(new(PatientPick.BindingField, pick.Bind(parameters, principal.FindFirstValue(Claims.Subject))))
            .Select(p => $"<input type=\"hidden\" name=\"{e(p.Key)}\" value=\"{e(p.Value)}\">"));
        var items = string.Concat(offered.Select(p =>
            $"<li><button type=\"submit\" name=\"{PatientPick.PatientField}\" value=\"{e(p.Id)}\" data-patient=\"{e(p.Id)}\">{e(p.DisplayName)}</button></li>"));
        var scope = parameters.FirstOrDefault(p => p.Key == Parameters.Scope).Value;
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Choose a patient</title></head>
            <body>
            <h1>Choose a patient</h1>
            <p><strong>{e(client.DisplayName ?? client.ClientId)}</strong> asks for access ({e(scope)}) to the chosen patient's records at {e(aud)}.</p>
            <form method="post" action="{e(http.Request.PathBase + options.Value.PathPrefix + "/authorize")}">
            {hidden}
            {(offered.Count == 0 ? "<p>No patients are available to you.</p>" : $"<ul>{items}</ul>")}
            </form>
            </body></html>
            """;
        return Page.Html(http, html, Page.RedirectOrigin(parameters.FirstOrDefault(p => p.Key == Parameters.RedirectUri).Value));
    }
}
