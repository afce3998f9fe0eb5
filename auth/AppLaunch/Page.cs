using Microsoft.AspNetCore.Http;

namespace Lead.Auth.AppLaunch;

internal static class Page
{
    /// <summary>Server-rendered pages are never cached or framed (clickjacking on a sign-in form).</summary>
    /// <param name="http">The request.</param>
    /// <param name="html">The page.</param>
    /// <param name="formTarget">An origin the page's form may also end up at (the app's redirect_uri after the authorize POST).</param>
    public static IResult Html(HttpContext http, string html, string? formTarget = null)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'none'; form-action 'self'{(formTarget is null ? string.Empty : " " + formTarget)}; frame-ancestors 'none'";
        return Results.Content(html, "text/html; charset=utf-8");
    }

    /// <summary>
    /// Browsers apply form-action to the redirects after a form POST too, so a form whose POST ends at the app (picker,
    /// sign-in) must allow the app's redirect_uri origin; only an origin, so nothing from the query reaches the header unparsed.
    /// </summary>
    public static string? RedirectOrigin(string? redirectUri) =>
        Uri.TryCreate(redirectUri, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;

    /// <summary>The redirect_uri origin of a local authorize URL (the page's return URL).</summary>
    public static string? RedirectOriginOf(string? authorizeUrl)
    {
        var query = authorizeUrl?.IndexOf('?', StringComparison.Ordinal) is int start and >= 0 ? authorizeUrl[(start + 1)..] : string.Empty;
        return RedirectOrigin(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query).TryGetValue("redirect_uri", out var uri) ? uri.ToString() : null);
    }
}
