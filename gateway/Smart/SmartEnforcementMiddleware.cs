using System.Net;
using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Lead.Auth.Scopes;
using Lead.Gateway.Fhir;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace Lead.Gateway.Smart;

/// <summary>
/// SMART scopes, patient context and client registration checked on every proxied FHIR request, before anything
/// reaches a source: 403/404 on refusal; searches confined to the token's patient and v2 constraints by adding the
/// parameters; what only the data can tell (read results, include results) is left to <see cref="SmartResponseCheck"/>.
/// </summary>
internal sealed class SmartEnforcementMiddleware(RequestDelegate next, IOptions<SmartOptions> options)
{
    public async Task InvokeAsync(HttpContext context, SourceRegistry registry, UnifiedRoutes routes)
    {
        if (!options.Value.IsRequired)
        {
            await next(context);
            return;
        }

        var route = context.GetReverseProxyFeature().Route.Config;
        var sourceId = route.Metadata?.GetValueOrDefault(SourceProxyConfigProvider.SourceMetadataKey) ?? "";
        var token = SmartTokenContext.FromPrincipal(context.User);
        if (!token.MayUseSource(sourceId))
        {
            await Refuse(context, 403, $"The client is not registered for source '{sourceId}'.");
            return;
        }

        var relativePath = RelativePath(context.Request.Path.Value ?? "", route.Metadata?.ContainsKey(SourceProxyConfigProvider.UnifiedMetadataKey) == true ? "/fhir" : "/fhir/" + sourceId);
        var query = QueryPairs(context);
        var decision = SmartRequestAuthorizer.Authorize(context.Request.Method, relativePath, query, token);
        var confinedToPatient = decision.Kind == SmartDecisionKind.AllowInPatientCompartment
            || (decision.Kind == SmartDecisionKind.CheckBundleEntries && token.PatientId is not null);
        if (confinedToPatient && SmartPatientSource.Of(context.User, registry, routes) is var patientSource && patientSource != sourceId)
        {
            // The token's patient id names a record of another source (or of none): here it could be somebody else.
            await Refuse(context, 403, patientSource is null
                ? "The token's patient cannot be placed in any source."
                : $"The token's patient is a record of source '{patientSource}'; a patient/ token reads and writes only there (use /fhir/{patientSource}, or $everything for the person's records in every source).");
            return;
        }

        var refusal = decision.Kind switch
        {
            SmartDecisionKind.Deny => (decision.StatusCode, decision.Reason ?? "Not allowed."),
            SmartDecisionKind.CheckBundleEntries => CheckBundle(context, token),
            _ => Confine(context, decision, token),
        };

        if (refusal is { } r && r.Item1 != 0)
        {
            await Refuse(context, r.Item1, r.Item2);
            return;
        }

        await next(context);
    }

    /// <summary>Adds the parameters that keep a search inside the patient compartment and the v2 constraints; marks what the response must satisfy.</summary>
    private static (int, string) Confine(HttpContext context, SmartAuthorizationDecision decision, SmartTokenContext token)
    {
        var patientId = decision.Kind == SmartDecisionKind.AllowInPatientCompartment ? decision.PatientId : null;
        var isSearch = decision.Interaction == SmartInteraction.Search && decision.ResourceType is not null;
        var method = context.Request.Method;
        if (patientId is not null)
        {
            if (HttpMethods.IsDelete(method) || HttpMethods.IsPatch(method))
            {
                return (403, $"{method} is not available to a patient/ token: the gateway cannot prove the target is in the patient's compartment.");
            }

            if ((HttpMethods.IsPost(method) || HttpMethods.IsPut(method)) && !isSearch && !context.Request.Path.Value!.EndsWith("/_search", StringComparison.Ordinal))
            {
                var body = context.Features.Get<BufferedRequestBody>();
                using var json = body is null ? null : JsonDocument.Parse(body.Bytes);
                var type = json?.RootElement.TryGetProperty("resourceType", out var t) == true ? t.GetString() : null;
                if (json is null || type is null || !SmartResponseChecks.WritableByPatient(json.RootElement, type, patientId) || (type == "Patient" && HttpMethods.IsPost(method)))
                {
                    return (403, "A patient/ token may only write resources of its own patient.");
                }
            }

            if (isSearch && !AddPatientParameter(context, decision.ResourceType!, patientId))
            {
                return (403, $"{decision.ResourceType} has no patient search parameter: it is outside the patient compartment.");
            }
        }

        if (decision.RequiredConstraints.Count > 0 && isSearch)
        {
            var conflict = AddConstraint(context, decision.RequiredConstraints[0]);
            if (conflict is not null)
            {
                return (403, conflict);
            }
        }

        if (patientId is not null || decision.RequiredConstraints.Count > 0 || decision.FilterIncludes)
        {
            var constraints = isSearch ? [] : decision.RequiredConstraints;
            context.Features.Set<IResponseBodyCheck>(new SmartResponseCheck(patientId, constraints, token));
            AskForFhirJson(context);
        }

        return (0, "");
    }

    /// <summary>The response will be checked, which only FHIR JSON allows: the caller's Accept and <c>_format</c> do not reach the source.</summary>
    private static void AskForFhirJson(HttpContext context)
    {
        context.Request.Headers.Accept = "application/fhir+json";
        if (context.Request.Query.ContainsKey("_format"))
        {
            var kept = context.Request.Query.Where(q => q.Key != "_format").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)));
            context.Request.QueryString = QueryString.Create(kept);
        }
    }

    private static bool AddPatientParameter(HttpContext context, string type, string patientId)
    {
        var existing = context.Request.Query.Keys;
        if (type == "Patient" ? existing.Contains("_id") : existing.Any(PatientSearchParameters.Names.Contains))
        {
            // The authorizer already checked that these name the token's patient.
            return true;
        }

        var parameter = PatientSearchParameters.For(type);
        if (parameter is null)
        {
            return false;
        }

        context.Request.QueryString = context.Request.QueryString.Add(parameter, type == "Patient" ? patientId : "Patient/" + patientId);
        return true;
    }

    private static string? AddConstraint(HttpContext context, IReadOnlyList<SmartScopeConstraint> constraints)
    {
        foreach (var constraint in constraints)
        {
            if (context.Request.Query.TryGetValue(constraint.Parameter, out var present))
            {
                var allowed = constraint.Value.Split(',');
                if (present.SelectMany(v => (v ?? "").Split(',')).Any(v => !allowed.Contains(v, StringComparer.Ordinal)))
                {
                    return $"The token's scope limits {constraint.Parameter} to {constraint.Value}.";
                }

                continue;
            }

            context.Request.QueryString = context.Request.QueryString.Add(constraint.Parameter, constraint.Value);
        }

        return null;
    }

    /// <summary>Batch/transaction: every entry must be allowed, or none is sent.</summary>
    private static (int, string) CheckBundle(HttpContext context, SmartTokenContext token)
    {
        var body = context.Features.Get<BufferedRequestBody>();
        if (body is null)
        {
            return (400, "A batch or transaction needs a Bundle body.");
        }

        using var json = JsonDocument.Parse(body.Bytes);
        if (!json.RootElement.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return (0, "");
        }

        var requests = new List<(string Method, string Url)>();
        var resources = new List<JsonElement?>();
        foreach (var entry in entries.EnumerateArray())
        {
            var request = entry.TryGetProperty("request", out var r) ? r : default;
            var method = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("method", out var m) ? m.GetString() : null;
            var url = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("url", out var u) ? u.GetString() : null;
            if (method is null || url is null)
            {
                return (400, $"Bundle entry {requests.Count} has no request.method and request.url.");
            }

            requests.Add((method, url));
            resources.Add(entry.TryGetProperty("resource", out var resource) ? resource.Clone() : null);
        }

        var (overall, decisions) = SmartRequestAuthorizer.AuthorizeBundle(requests, token);
        if (!overall.IsAllowed)
        {
            return (overall.StatusCode == 404 ? 403 : overall.StatusCode, overall.Reason ?? "A bundle entry is not allowed.");
        }

        for (var i = 0; i < decisions.Count; i++)
        {
            if (decisions[i].Kind != SmartDecisionKind.AllowInPatientCompartment)
            {
                continue;
            }

            var patientId = decisions[i].PatientId!;
            var ok = requests[i].Method.ToUpperInvariant() switch
            {
                "POST" or "PUT" => resources[i] is { } resource && resource.TryGetProperty("resourceType", out var type)
                    && SmartResponseChecks.WritableByPatient(resource, type.GetString()!, patientId),
                // Reads and searches in a bundle cannot be confined entry by entry: only the patient's own record.
                "GET" => requests[i].Url.Split('?')[0].Trim('/') == "Patient/" + patientId,
                _ => false,
            };
            if (!ok)
            {
                return (403, $"Bundle entry {i}: a patient/ token may only write its own patient's resources and read its Patient.");
            }
        }

        return (0, "");
    }

    private static string RelativePath(string path, string prefix) =>
        path.Length > prefix.Length ? path[prefix.Length..].TrimStart('/') : "";

    private static List<KeyValuePair<string, string?>> QueryPairs(HttpContext context)
    {
        var pairs = context.Request.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))).ToList();
        if (context.Features.Get<BufferedRequestBody>() is { } body && FhirMediaTypes.IsFormUrlEncoded(body.ContentType))
        {
            // POST _search: the form fields are search parameters too.
            pairs.AddRange(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body.Bytes))
                .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));
        }

        return pairs;
    }

    private static Task Refuse(HttpContext context, int status, string reason) =>
        Outcome.WriteAsync(context, (HttpStatusCode)status,
            status == 404 ? OperationOutcome.IssueType.NotFound : OperationOutcome.IssueType.Forbidden, reason);
}
