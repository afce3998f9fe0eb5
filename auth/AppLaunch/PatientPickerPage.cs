using System.Net;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// Standalone launch with <c>launch/patient</c>: after sign-in the user picks one of the patients the directory offers;
/// each choice links back to the authorize request, which re-checks the pick against the directory.
/// </summary>
internal static class PatientPickerPage
{
    public static async Task<IResult> ShowAsync(HttpContext http, IPatientDirectory directory, IOptions<SmartAuthOptions> options, string? returnUrl)
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

        var patients = await directory.ListAsync(principal, http.RequestAborted);
        var items = string.Concat(patients.Select(p =>
        {
            var href = $"{returnUrl}&{AuthorizeEndpoint.PickedPatientParameter}={Uri.EscapeDataString(p.Id)}";
            return $"<li><a href=\"{WebUtility.HtmlEncode(href)}\" data-patient=\"{WebUtility.HtmlEncode(p.Id)}\">{WebUtility.HtmlEncode(p.DisplayName)}</a></li>";
        }));
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Choose a patient</title></head>
            <body>
            <h1>Choose a patient</h1>
            {(patients.Count == 0 ? "<p>No patients are available to you.</p>" : $"<ul>{items}</ul>")}
            </body></html>
            """;
        return Page.Html(http, html);
    }
}
