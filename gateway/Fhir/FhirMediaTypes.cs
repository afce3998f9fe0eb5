namespace Lead.Gateway.Fhir;

internal static class FhirMediaTypes
{
    public const string Json = "application/fhir+json";
    public const string JsonUtf8 = "application/fhir+json; charset=utf-8";
    public const string Xml = "application/fhir+xml";
    public const string Ndjson = "application/fhir+ndjson";

    /// <summary>True for the JSON media types a FHIR server accepts on writes (FHIR JSON, plain JSON, JSON Patch).</summary>
    public static bool IsJson(string? contentType)
    {
        if (string.IsNullOrEmpty(contentType))
        {
            return false;
        }

        var mediaType = contentType.Split(';', 2)[0].Trim();
        return mediaType.Equals(Json, StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/json-patch+json", StringComparison.OrdinalIgnoreCase);
    }

    public static bool IsFormUrlEncoded(string? contentType) =>
        contentType?.Split(';', 2)[0].Trim().Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
}
