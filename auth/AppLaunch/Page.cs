using Microsoft.AspNetCore.Http;

namespace Lead.Auth.AppLaunch;

internal static class Page
{
    /// <summary>Server-rendered pages are never cached or framed (clickjacking on a sign-in form).</summary>
    public static IResult Html(HttpContext http, string html)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers["X-Frame-Options"] = "DENY";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; form-action 'self'; frame-ancestors 'none'";
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
