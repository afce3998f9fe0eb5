using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Fhir;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// Reads <c>$lead-eligibility</c> input from the query (GET) or a Parameters body (POST). Anything wrong is a 400
/// OperationOutcome whose expression names the parameter, so a client knows what to fix.
/// </summary>
internal static class EligibilityInput
{
    private static readonly FhirJsonDeserializer Deserializer = new();

    public static EligibilityQuery FromQuery(HttpRequest request, DateOnly today)
    {
        var identifiers = request.Query["identifier"];
        if (identifiers.Count != 1)
        {
            throw Invalid(identifiers.Count == 0 ? "identifier is required, as system|value (e.g. the MBI system and value)." : "Give exactly one identifier.", "identifier");
        }

        var dates = request.Query["date"];
        return new EligibilityQuery(ParseToken(identifiers[0]), dates.Count == 0 ? today : ParseDate(dates.Count == 1 ? dates[0] : null));
    }

    public static async Task<EligibilityQuery> FromBodyAsync(HttpRequest request, DateOnly today, CancellationToken ct)
    {
        if (!FhirMediaTypes.IsJson(request.ContentType))
        {
            throw new EligibilityInputException(415, OperationOutcome.IssueType.NotSupported, "Send a Parameters resource as application/fhir+json.", null);
        }

        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(ct);
        Resource? resource;
        try
        {
            resource = Deserializer.DeserializeResource(text);
        }
        catch (Exception ex) when (ex is DeserializationFailedException or System.Text.Json.JsonException)
        {
            throw Invalid("The body is not a valid FHIR resource: " + ex.GetType().Name + ".", "Parameters");
        }

        if (resource is not Parameters parameters)
        {
            throw Invalid($"The body must be a Parameters resource, not {resource?.TypeName ?? "nothing"}.", "Parameters");
        }

        var identifiers = parameters.Parameter.Where(p => p.Name == "identifier").ToList();
        if (identifiers.Count != 1)
        {
            throw Invalid(identifiers.Count == 0 ? "The identifier parameter is required (valueIdentifier, or valueString system|value)." : "Give exactly one identifier.", "identifier");
        }

        var identifier = identifiers[0].Value switch
        {
            Identifier { System.Length: > 0, Value.Length: > 0 } given => new Identifier(given.System, given.Value),
            FhirString { Value: { } token } => ParseToken(token),
            _ => throw Invalid("identifier must be a valueIdentifier with system and value, or a valueString system|value.", "identifier"),
        };
        var dates = parameters.Parameter.Where(p => p.Name == "date").ToList();
        var date = dates.Count switch
        {
            0 => today,
            1 => ParseDate(dates[0].Value switch { Date d => d.Value, FhirString s => s.Value, _ => null }),
            _ => throw Invalid("Give at most one date.", "date"),
        };
        return new EligibilityQuery(identifier, date);
    }

    private static Identifier ParseToken(string? token)
    {
        var bar = token?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        return bar > 0 && bar < token!.Length - 1
            ? new Identifier(token[..bar], token[(bar + 1)..])
            : throw Invalid("identifier must be system|value with both parts, e.g. http://hl7.org/fhir/sid/us-mbi|<MBI>.", "identifier");
    }

    private static DateOnly ParseDate(string? value) =>
        FhirDates.TryParseDay(value, out var day) ? day : throw Invalid("date must be a full date, YYYY-MM-DD.", "date");

    private static EligibilityInputException Invalid(string message, string parameter) =>
        new(400, OperationOutcome.IssueType.Invalid, message, parameter);
}
