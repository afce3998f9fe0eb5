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
}
