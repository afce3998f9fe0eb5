using Microsoft.AspNetCore.Http;

namespace Lead.Auth.AppLaunch;

/// <summary>Sign-in and picker only ever send the browser back to this server's authorize endpoint (no open redirects).</summary>
internal static class ReturnUrls
{
    public static bool IsAuthorizeUrl(string? returnUrl, HttpRequest request, string pathPrefix) =>
        !string.IsNullOrEmpty(returnUrl)
        && returnUrl.StartsWith(request.PathBase + pathPrefix + "/authorize?", StringComparison.Ordinal)
        && !returnUrl.StartsWith("//", StringComparison.Ordinal)
        && !returnUrl.Contains('\\', StringComparison.Ordinal);
}
