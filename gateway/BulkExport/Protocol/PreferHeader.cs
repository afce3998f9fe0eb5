namespace Lead.Gateway.BulkExport.Protocol;

/// <summary>Reads <c>Prefer</c>, sent as one header with comma-separated preferences or as several headers.</summary>
internal static class PreferHeader
{
    public static bool Has(HttpRequest request, string preference) =>
        request.Headers["Prefer"].SelectMany(v => (v ?? "").Split(','))
            .Any(p => p.Trim().Replace(" ", "", StringComparison.Ordinal).Equals(preference, StringComparison.OrdinalIgnoreCase));

    public static bool RespondAsync(HttpRequest request) => Has(request, "respond-async");

    public static bool Lenient(HttpRequest request) => Has(request, "handling=lenient");
}
