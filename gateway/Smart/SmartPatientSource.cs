using System.Security.Claims;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Smart;

/// <summary>
/// The source a patient/ token's patient id belongs to: the one its audience names (<c>/fhir/{source}</c>), else, for
/// the unified base <c>/fhir</c>, the source the unified base routes Patient to. A patient id means nothing in another
/// source: numeric ids repeat across servers, so <c>Patient/17</c> elsewhere is somebody else.
/// </summary>
internal static class SmartPatientSource
{
    public static string? Of(ClaimsPrincipal user, SourceRegistry registry, UnifiedRoutes routes)
    {
        foreach (var audience in user.FindAll("aud").Select(c => c.Value))
        {
            if (!Uri.TryCreate(audience, UriKind.Absolute, out var uri))
            {
                continue;
            }

            var segments = uri.AbsolutePath.Trim('/').Split('/');
            var fhir = Array.LastIndexOf(segments, "fhir");
            if (fhir >= 0 && fhir + 1 < segments.Length && registry.Find(segments[fhir + 1]) is { } source)
            {
                return source.Id;
            }

            if (fhir == segments.Length - 1)
            {
                return routes.ByType.GetValueOrDefault("Patient");
            }
        }

        return null;
    }
}
