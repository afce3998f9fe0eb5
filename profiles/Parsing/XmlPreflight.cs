using System.Xml;
using Hl7.Fhir.Model;

namespace Lead.Profiles.Parsing;

/// <summary>
/// Reads the XML once with DTDs prohibited and no resolver, enforcing the depth limit the FHIR XML
/// deserializer lacks. A DOCTYPE anywhere (prolog or smuggled into the narrative) is refused before parsing.
/// </summary>
internal static class XmlPreflight
{
    public static FhirParseResult? Check(byte[] body, FhirParseLimits limits)
    {
        try
        {
            using var stream = new MemoryStream(body, writable: false);
            using var reader = XmlReader.Create(stream, XmlSafety.ReaderSettings(limits.MaxBytes));
            while (reader.Read())
            {
                if (reader.Depth > limits.MaxDepth)
                {
                    return FhirParseResult.Fail(400, OperationOutcome.IssueType.TooCostly, $"XML nesting deeper than {limits.MaxDepth} levels is refused");
                }
            }

            return null;
        }
        catch (XmlException ex) when (ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase) || ex.Message.Contains("DOCTYPE", StringComparison.OrdinalIgnoreCase))
        {
            return FhirParseResult.Fail(400, OperationOutcome.IssueType.Security,
                $"XML with a DTD (DOCTYPE) is refused (XXE protection), line {ex.LineNumber}, position {ex.LinePosition}");
        }
        catch (XmlException ex)
        {
            return FhirParseResult.Fail(400, OperationOutcome.IssueType.Structure, $"Malformed XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}");
        }
    }
}
