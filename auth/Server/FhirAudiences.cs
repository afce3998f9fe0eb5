using Microsoft.AspNetCore.Http;

namespace Lead.Auth.Server;

/// <summary>
/// Matches <c>aud</c> values against <see cref="SmartAuthOptions.FhirBaseUrls"/> (absolute URLs, or paths on this
/// server's origin, a trailing <c>/*</c> standing for one more segment such as a source id).
/// </summary>
internal static class FhirAudiences
{
    /// <summary>This server's public origin: the configured issuer's, else the request's (development and tests).</summary>
    public static Uri Origin(SmartAuthOptions options, HttpRequest request) =>
        options.Issuer is { Length: > 0 } issuer
            ? new Uri(new Uri(issuer).GetLeftPart(UriPartial.Authority))
            : new Uri($"{request.Scheme}://{request.Host}");

    public static bool IsAllowed(string? audience, Uri origin, IEnumerable<string> patterns)
    {
        if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
        {
            return false;
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        foreach (var pattern in patterns)
        {
            var (patternOrigin, patternPath) = Split(pattern, origin);
            if (!string.Equals(uri.GetLeftPart(UriPartial.Authority), patternOrigin, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (patternPath.EndsWith("/*", StringComparison.Ordinal))
            {
                var prefix = patternPath[..^2] + "/";
                var rest = path.StartsWith(prefix, StringComparison.Ordinal) ? path[prefix.Length..] : null;
                if (!string.IsNullOrEmpty(rest) && !rest.Contains('/', StringComparison.Ordinal))
                {
                    return true;
                }
            }
            else if (string.Equals(path, patternPath, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The concrete (non-wildcard) FHIR bases, as absolute URLs: the audiences of Backend Services tokens.</summary>
    public static List<string> Concrete(Uri origin, IEnumerable<string> patterns) =>
        patterns.Where(p => !p.EndsWith("/*", StringComparison.Ordinal))
            .Select(p => Split(p, origin))
            .Select(p => p.Origin + p.Path)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static (string Origin, string Path) Split(string pattern, Uri origin)
    {
        if (Uri.TryCreate(pattern, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            // AbsolutePath would escape the '*' of a wildcard pattern; take the raw path instead.
            var authority = absolute.GetLeftPart(UriPartial.Authority);
            return (authority, pattern[authority.Length..].TrimEnd('/'));
        }

        return (origin.GetLeftPart(UriPartial.Authority), "/" + pattern.Trim('/'));
    }
}
