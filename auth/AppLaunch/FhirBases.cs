namespace Lead.Auth.AppLaunch;

/// <summary>Comparing FHIR base URLs: scheme and host case-insensitively, the path exactly, a trailing slash ignored.</summary>
internal static class FhirBases
{
    public static bool Same(Uri a, Uri b) =>
        string.Equals(a.GetLeftPart(UriPartial.Authority), b.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.AbsolutePath.TrimEnd('/'), b.AbsolutePath.TrimEnd('/'), StringComparison.Ordinal);

    public static bool Same(string? a, string? b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y) && Same(x, y);
}
