using System.Text.Json;

namespace Lead.Profiles.Parsing;

/// <summary>
/// One cheap forward-only pass before the FHIR deserializer: well-formedness with line/byte position,
/// the depth limit (the reader stops at MaxDepth, so a 10,000-deep document costs microseconds),
/// and narrative XHTML carrying DTD or entity declarations (XXE smuggled inside JSON).
/// </summary>
internal static class JsonPreflight
{
    public static FhirParseResult? Check(ReadOnlySpan<byte> utf8, int maxDepth)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            var nextIsDiv = false;
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    nextIsDiv = reader.ValueTextEquals("div"u8);
                }
                else if (nextIsDiv && reader.TokenType == JsonTokenType.String && XmlSafety.HasDtd(reader.GetString()))
                {
                    return FhirParseResult.Fail(400, Hl7.Fhir.Model.OperationOutcome.IssueType.Security,
                        $"Narrative XHTML with a DOCTYPE or ENTITY declaration is refused (XXE protection), line {LineOf(utf8, reader.TokenStartIndex)}");
                }
                else
                {
                    nextIsDiv = false;
                }
            }

            return null;
        }
        catch (JsonException ex) when (ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            return FhirParseResult.Fail(400, Hl7.Fhir.Model.OperationOutcome.IssueType.TooCostly,
                $"JSON nesting deeper than {maxDepth} levels is refused (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine})");
        }
        catch (JsonException ex)
        {
            return FhirParseResult.Fail(400, Hl7.Fhir.Model.OperationOutcome.IssueType.Structure,
                $"Malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}: {ex.Message}");
        }
    }

    private static int LineOf(ReadOnlySpan<byte> utf8, long index) => utf8[..(int)index].Count((byte)'\n') + 1;
}
