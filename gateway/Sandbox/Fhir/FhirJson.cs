using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Lead.Gateway.Sandbox.Fhir;

/// <summary>Firely (de)serialization with errors turned into OperationOutcomes that name the line, position and element.</summary>
internal static class FhirJson
{
    // Strict: an unknown element or a bad value is refused rather than silently dropped. Both are thread-safe.
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings { AnnotateLineInfo = true });
    private static readonly FhirJsonSerializer Serializer = new();

    public static string Serialize(Resource resource) => Serializer.SerializeToString(resource);

    /// <summary>Parses a resource or throws a <see cref="SandboxException"/> (400) whose issues name line, position and element.</summary>
    public static Resource Parse(string json)
    {
        try
        {
            return Deserializer.DeserializeResource(json);
        }
        catch (DeserializationFailedException ex)
        {
            // Unknown elements, bad values and broken JSON alike: the body could not be read as FHIR, so 400 (HAPI does the same).
            var outcome = new OperationOutcome { Id = Guid.NewGuid().ToString("N") };
            foreach (var error in ex.Exceptions)
            {
                outcome.Issue.Add(ToIssue(error));
            }

            throw new SandboxException(400, outcome);
        }
        catch (JsonException ex)
        {
            throw new SandboxException(400, OperationOutcome.IssueType.Structure,
                $"Invalid JSON at line {(ex.LineNumber ?? 0) + 1}, position {(ex.BytePositionInLine ?? 0) + 1}: {Describe(ex)}", ex.Path);
        }
    }

    // System.Text.Json appends its own zero-based "LineNumber: 0 | BytePositionInLine: 38." which contradicts ours.
    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var suffix = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return suffix < 0 ? message : message[..suffix];
    }

    private static OperationOutcome.IssueComponent ToIssue(CodedException error)
    {
        var issue = new OperationOutcome.IssueComponent
        {
            Severity = OperationOutcome.IssueSeverity.Error,
            Code = OperationOutcome.IssueType.Structure,
            Diagnostics = error.Message,
        };
        if (error is ExtendedCodedException extended)
        {
            issue.Code = extended.IssueType;
            issue.Diagnostics = extended.LineNumber is long line
                ? $"{extended.BaseErrorMessage} (line {line}, position {extended.Position}, element '{extended.InstancePath}')"
                : extended.Message;
            if (!string.IsNullOrEmpty(extended.InstancePath))
            {
                issue.Expression = [extended.InstancePath];
            }
        }

        return issue;
    }
}
