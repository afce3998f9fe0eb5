using System.Net;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// The sandbox sign-in page: a plain server-rendered form with an antiforgery token. With federated sign-in
/// (<c>Auth:ExternalSignIn</c>) it does not exist: local passwords are never accepted next to the provider.
/// </summary>
internal static class SignInPage
{
    public static IResult ShowAsync(HttpContext http, IAntiforgery antiforgery, IOptions<SmartAuthOptions> options, string? returnUrl)
    {
        if (options.Value.ExternalSignIn.IsEnabled)
        {
            return ReturnUrls.IsAuthorizeUrl(returnUrl, http.Request, options.Value.PathPrefix)
                ? Results.Challenge(new AuthenticationProperties { RedirectUri = returnUrl }, [SmartAuthDefaults.ExternalSignInScheme])
                : Results.NotFound();
        }

        return Render(http, antiforgery, options.Value, returnUrl, error: null);
    }

    public static async Task<IResult> SubmitAsync(HttpContext http, IAntiforgery antiforgery, SandboxUsers users, IOptions<SmartAuthOptions> options)
    {
        if (options.Value.ExternalSignIn.IsEnabled)
        {
            return Results.NotFound();
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.BadRequest("The sign-in form expired; reload it.");
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        if (!ReturnUrls.IsAuthorizeUrl(returnUrl, http.Request, options.Value.PathPrefix))
        {
            return Results.BadRequest("Sign-in must start from an authorization request.");
        }

        var principal = users.SignIn(form["username"], form["password"]);
        if (principal is null)
        {
            return Render(http, antiforgery, options.Value, returnUrl, "Unknown user or wrong password.");
        }

        await http.SignInAsync(SmartAuthDefaults.SignInScheme, principal);
        return Results.Redirect(returnUrl);
    }

    private static IResult Render(HttpContext http, IAntiforgery antiforgery, SmartAuthOptions options, string? returnUrl, string? error)
    {
        if (!ReturnUrls.IsAuthorizeUrl(returnUrl, http.Request, options.PathPrefix))
        {
            return Results.BadRequest("Sign-in must start from an authorization request.");
        }

        var tokens = antiforgery.GetAndStoreTokens(http);
        var e = (string? s) => WebUtility.HtmlEncode(s ?? string.Empty);
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in</title></head>
            <body>
            <h1>Sign in to LEAD Exchange Gateway (sandbox)</h1>
            {(error is null ? string.Empty : $"<p role=\"alert\">{e(error)}</p>")}
            <form method="post" action="{e(http.Request.PathBase + options.PathPrefix + "/signin")}">
              <input type="hidden" name="{e(tokens.FormFieldName)}" value="{e(tokens.RequestToken)}">
              <input type="hidden" name="returnUrl" value="{e(returnUrl)}">
              <label>Username <input name="username" autocomplete="username" required></label>
              <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
              <button type="submit">Sign in</button>
            </form>
            </body></html>
            """;
        return Page.Html(http, html, Page.RedirectOriginOf(returnUrl));
    }
}
