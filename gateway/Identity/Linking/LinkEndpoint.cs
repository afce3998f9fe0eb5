using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Fhir;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Identity.Linking;

/// <summary>
/// <c>POST /fhir/$link</c>: a client asserts that source records are one person. Parameters: <c>record</c> (1..*,
/// valueReference <c>{sourceId}/Patient/{id}</c> or the gateway URL of it) and optionally <c>person</c> (valueString,
/// an existing person id); with no person, the records join the first record's person. Needs a system/ token that may
/// write Patient; the link records the asserting client and survives re-indexing.
/// </summary>
internal sealed class LinkEndpoint(CrosswalkStore store, IdentityAccess access, SourceRegistry registry)
{
    public async Task HandleAsync(HttpContext context)
    {
        var token = IdentityAccess.Token(context);
        if (access.Enforced && !(token.Scopes.Allows(SmartContext.System, "Patient", SmartInteraction.Update)
            || token.Scopes.Allows(SmartContext.System, "Patient", SmartInteraction.Create)))
        {
            await Outcome.WriteAsync(context, HttpStatusCode.Forbidden, OperationOutcome.IssueType.Forbidden,
                "$link needs a system/ token that may write Patient.");
            return;
        }

        var (records, person, error) = await ReadAsync(context);
        if (error is not null)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.BadRequest, OperationOutcome.IssueType.Invalid, error);
            return;
        }

        var refused = records.Where(r => !access.MayUseSource(context, r.Source)).Select(r => r.Source).FirstOrDefault();
        if (refused is not null)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.Forbidden, OperationOutcome.IssueType.Forbidden, $"The client is not registered for source '{refused}'.");
            return;
        }

        var client = access.Enforced ? token.ClientId ?? "unknown client" : "unauthenticated caller";
        var linked = await store.LinkAsync(records, person, client, context.RequestAborted);
        if (linked is null)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.NotFound, OperationOutcome.IssueType.NotFound,
                "A record or the person is not in the crosswalk (records are known once the gateway has read them from their source).");
            return;
        }

        var output = new JsonArray(new JsonObject { ["name"] = "person", ["valueString"] = linked },
            new JsonObject { ["name"] = "reason", ["valueString"] = $"asserted by {client}" });
        foreach (var (source, id) in records)
        {
            output.Add(new JsonObject { ["name"] = "record", ["valueReference"] = new JsonObject { ["reference"] = $"{source}/Patient/{id}" } });
        }

        await FhirJson.WriteAsync(context, new JsonObject { ["resourceType"] = "Parameters", ["parameter"] = output });
    }

    private async Task<(List<(string Source, string PatientId)> Records, string? Person, string? Error)> ReadAsync(HttpContext context)
    {
        var records = new List<(string, string)>();
        if (!FhirMediaTypes.IsJson(context.Request.ContentType))
        {
            return (records, null, "$link takes a Parameters resource as application/fhir+json.");
        }

        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            string? person = null;
            IEnumerable<JsonElement> parameters = body.RootElement.TryGetProperty("parameter", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray() : [];
            foreach (var parameter in parameters)
            {
                var name = parameter.TryGetProperty("name", out var n) ? n.GetString() : null;
                if (name == "person" && parameter.TryGetProperty("valueString", out var s))
                {
                    person = s.GetString();
                    if (!PersonIds.IsPersonId(person))
                    {
                        return (records, null, "Parameter 'person' is not a gateway person id (person- and 32 hex digits).");
                    }
                }
                else if (name == "record" && parameter.TryGetProperty("valueReference", out var r) && r.TryGetProperty("reference", out var reference)
                    && Record(reference.GetString()) is { } record)
                {
                    records.Add(record);
                }
                else
                {
                    return (records, null, "Parameters are 'record' (valueReference {sourceId}/Patient/{id}) and 'person' (valueString).");
                }
            }

            return records.Count == 0 || (records.Count == 1 && person is null)
                ? (records, null, "Give two or more 'record' parameters, or one or more with a 'person'.")
                : (records, person, null);
        }
        catch (JsonException)
        {
            return (records, null, "The body is not valid JSON.");
        }
    }

    /// <summary><c>aco-sandbox/Patient/1</c> or <c>https://gw/fhir/aco-sandbox/Patient/1</c>: the segment before Patient must be a source.</summary>
    private (string, string)? Record(string? reference)
    {
        var parts = (reference ?? "").Split('/');
        var at = Array.LastIndexOf(parts, "Patient");
        return at >= 1 && at == parts.Length - 2 && registry.Find(parts[at - 1]) is { } source && parts[at + 1].Length > 0
            ? (source.Id, parts[at + 1])
            : null;
    }
}
