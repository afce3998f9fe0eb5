namespace Lead.Profiles.Parsing;

internal enum MediaKind
{
    Unsupported,
    Json,
    Xml,
}

/// <summary>Maps Content-Type values (parameters such as charset ignored) to the parser to use.</summary>
internal static class MediaTypes
{
    public static MediaKind Classify(string? contentType)
    {
        var media = contentType?.Split(';', 2)[0].Trim().ToLowerInvariant();
        return media switch
        {
            "application/fhir+json" or "application/json" or "application/json+fhir" => MediaKind.Json,
            "application/fhir+xml" or "application/xml" or "text/xml" or "application/xml+fhir" => MediaKind.Xml,
            _ => MediaKind.Unsupported,
        };
    }
}
