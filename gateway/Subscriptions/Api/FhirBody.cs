using System.Net;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Fhir;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>Reading FHIR JSON request bodies and writing FHIR JSON answers for the subscription endpoints.</summary>
internal static class FhirBody
{
    private static readonly FhirJsonDeserializer Deserializer = new();

    /// <summary>The body as a resource of type <typeparamref name="T"/>, or an OperationOutcome answer saying why not.</summary>
    public static async Task<(T? Resource, IResult? Error)> ReadAsync<T>(HttpContext context)
        where T : Resource
    {
        if (!FhirMediaTypes.IsJson(context.Request.ContentType))
        {
            return (null, Outcome.Result(HttpStatusCode.UnsupportedMediaType, OperationOutcome.IssueType.NotSupported, "Send application/fhir+json."));
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        try
        {
            return Deserializer.DeserializeResource(text) is T resource
                ? (resource, null)
                : (null, Outcome.Result(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Invalid, $"The body must be a {typeof(T).Name}."));
        }
        catch (DeserializationFailedException ex)
        {
            var issues = string.Join("; ", ex.Exceptions.Take(5).Select(e => e.Message));
            return (null, Outcome.Result(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Structure, $"The body is not valid FHIR JSON: {issues}"));
        }
        catch (System.Text.Json.JsonException)
        {
            return (null, Outcome.Result(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Structure, "The body is not well-formed JSON."));
        }
    }

    public static IResult Json(JsonNode json, int status = 200) => Results.Text(json.ToJsonString(), FhirMediaTypes.JsonUtf8, statusCode: status);

    public static IResult Json(string json, int status = 200) => Results.Text(json, FhirMediaTypes.JsonUtf8, statusCode: status);

    public static IResult Forbidden(string reason) => Outcome.Result(HttpStatusCode.Forbidden, OperationOutcome.IssueType.Forbidden, reason);

    public static IResult NotFound(string what) => Outcome.Result(HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound, $"{what} not found.");

    public static IResult Invalid(string reason) => Outcome.Result(HttpStatusCode.BadRequest, OperationOutcome.IssueType.Invalid, reason);
}
