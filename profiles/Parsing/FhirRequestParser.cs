using System.Xml;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Lead.Profiles.Parsing;

/// <summary>
/// Parses FHIR request bodies safely: size and depth limits, DTD-free XML, and the Recoverable mode so a
/// resource with content errors still parses and the validator can report every problem, not just the first.
/// Thread-safe.
/// </summary>
public sealed class FhirRequestParser(FhirParseLimits? limits = null)
{
    private static readonly DeserializerSettings Recoverable = new DeserializerSettings().UsingMode(DeserializationMode.Recoverable);
    private static readonly FhirJsonDeserializer Json = new(Recoverable);
    private static readonly FhirXmlDeserializer Xml = new(Recoverable);

    private readonly FhirParseLimits _limits = limits ?? new FhirParseLimits();

    /// <summary>Reads at most MaxBytes + 1 bytes from the body, then parses by content type.</summary>
    public async Task<FhirParseResult> ParseAsync(Stream body, string? contentType, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > _limits.MaxBytes)
            {
                return TooLarge();
            }
        }

        return Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), contentType);
    }

    /// <summary>Parses by media type: JSON (application/fhir+json, application/json) or XML (application/fhir+xml, application/xml, text/xml).</summary>
    public FhirParseResult Parse(ReadOnlySpan<byte> body, string? contentType) =>
        MediaTypes.Classify(contentType) switch
        {
            MediaKind.Json => ParseJson(body),
            MediaKind.Xml => ParseXml(body),
            _ => FhirParseResult.Fail(415, OperationOutcome.IssueType.NotSupported,
                $"Unsupported media type '{contentType}': use application/fhir+json or application/fhir+xml"),
        };

    public FhirParseResult ParseJson(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > _limits.MaxBytes)
        {
            return TooLarge();
        }

        if (JsonPreflight.Check(utf8, _limits.MaxDepth) is { } refused)
        {
            return refused;
        }

        try
        {
            var reader = new System.Text.Json.Utf8JsonReader(utf8, new System.Text.Json.JsonReaderOptions { MaxDepth = _limits.MaxDepth });
            return Json.TryDeserializeResource(ref reader, out var resource, out var issues) && resource is not null and not DynamicResource
                ? Success(resource, issues)
                : Failed(resource, issues);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Unparseable(ex);
        }
    }

    public FhirParseResult ParseXml(ReadOnlySpan<byte> body)
    {
        if (body.Length > _limits.MaxBytes)
        {
            return TooLarge();
        }

        var bytes = body.ToArray();
        if (XmlPreflight.Check(bytes, _limits) is { } refused)
        {
            return refused;
        }

        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            using var reader = XmlReader.Create(stream, XmlSafety.ReaderSettings(_limits.MaxBytes));
            return Xml.TryDeserializeResource(reader, out var resource, out var issues) && resource is not null and not DynamicResource
                ? Success(resource, issues)
                : Failed(resource, issues);
        }
        catch (XmlException ex)
        {
            return FhirParseResult.Fail(400, OperationOutcome.IssueType.Structure, $"Malformed XML at line {ex.LineNumber}, position {ex.LinePosition}: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Unparseable(ex);
        }
    }

    // The SDK deserializers throw on some malformed shapes even in Recoverable mode; a client error is still a 400, never a 500.
    private static FhirParseResult Unparseable(Exception ex) =>
        FhirParseResult.Fail(400, OperationOutcome.IssueType.Structure, "The body could not be parsed as a FHIR R4 resource: " + ex.Message);

    private static FhirParseResult Success(Resource resource, IEnumerable<Hl7.Fhir.Utility.CodedException> issues) =>
        new(resource, ToOutcome(resource, issues), 200);

    private static FhirParseResult Failed(Resource? partial, IEnumerable<Hl7.Fhir.Utility.CodedException> issues)
    {
        var outcome = ToOutcome(partial, issues);
        if (outcome.Issue.Count == 0)
        {
            outcome.Issue.Add(new OperationOutcome.IssueComponent
            {
                Severity = OperationOutcome.IssueSeverity.Error,
                Code = OperationOutcome.IssueType.Structure,
                Details = new CodeableConcept { Text = "The body is not a FHIR R4 resource" },
            });
        }

        return new FhirParseResult(null, outcome, 400);
    }

    private static OperationOutcome ToOutcome(Resource? partial, IEnumerable<Hl7.Fhir.Utility.CodedException> issues)
    {
        var list = issues.ToList();
        return list.Count == 0 ? new OperationOutcome() : new DeserializationFailedException(partial, list).ToOperationOutcome();
    }

    private FhirParseResult TooLarge() =>
        FhirParseResult.Fail(413, OperationOutcome.IssueType.TooCostly, $"Request body exceeds {_limits.MaxBytes} bytes");
}
