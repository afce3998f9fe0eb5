using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Fhir;
using Lead.Gateway.Fhir.Patch;
using Lead.Gateway.Routing;
using Lead.Profiles.Parsing;
using Yarp.ReverseProxy.Model;

namespace Lead.Gateway.Validation;

/// <summary>
/// Validates every resource written through a source route (create, update, each entry of a batch/transaction) against
/// base R4, the profiles it claims and those configuration requires for the source and type. <c>enforce</c>: any error
/// refuses the write with 422 and every issue; <c>warn</c>: the write goes through and the issues come back in the
/// <c>X-Validation-Outcome</c> header (an OperationOutcome, JSON); <c>off</c>: nothing is checked. A PATCH is validated
/// on its result (<see cref="PatchValidation"/>). Last in the pipeline: it is the most expensive step.
/// </summary>
internal sealed class IngressValidationMiddleware(
    RequestDelegate next, LeadValidatorProvider provider, ValidationPolicy policy, FhirRequestParser parser, PatchValidation patches)
{
    public const string OutcomeHeader = "X-Validation-Outcome";
    private const int MaxHeaderBytes = 8 * 1024;
    private static readonly FhirJsonSerializer Serializer = new();

    public async Task InvokeAsync(HttpContext context)
    {
        if (HttpMethods.IsPatch(context.Request.Method))
        {
            var route = context.GetReverseProxyFeature().Route.Config.Metadata;
            var patchSource = route?.GetValueOrDefault(SourceProxyConfigProvider.SourceMetadataKey) ?? "";
            var prefix = route?.ContainsKey(SourceProxyConfigProvider.UnifiedMetadataKey) == true ? "/fhir" : "/fhir/" + patchSource;
            var path = context.Request.Path.Value ?? "";
            if (await patches.CheckAsync(context, patchSource, path.Length > prefix.Length ? path[prefix.Length..] : ""))
            {
                await next(context);
            }

            return;
        }

        var body = context.Features.Get<BufferedRequestBody>();
        var isWrite = HttpMethods.IsPost(context.Request.Method) || HttpMethods.IsPut(context.Request.Method);
        if (body is null || !isWrite || !FhirMediaTypes.IsJson(body.ContentType) || context.Request.Path.Value?.EndsWith("/_search", StringComparison.Ordinal) == true)
        {
            await next(context);
            return;
        }

        var sourceId = context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(SourceProxyConfigProvider.SourceMetadataKey) ?? "";
        var type = ResourceType(body.Bytes);
        if (type is null || (type != "Bundle" && policy.Mode(sourceId, type) == "off"))
        {
            await next(context);
            return;
        }

        var parsed = parser.Parse(body.Bytes, body.ContentType);
        if (parsed.Resource is null)
        {
            await Outcome.WriteAsync(context, parsed.StatusCode, parsed.Outcome);
            return;
        }

        var (outcome, mode) = parsed.Resource is Bundle { Type: Bundle.BundleType.Batch or Bundle.BundleType.Transaction } bundle
            ? (Checked(bundle, sourceId), Strictest(bundle, sourceId))
            : (provider.Validator.Validate(parsed.Resource, policy.RequiredProfiles(sourceId, type)), policy.Mode(sourceId, type));
        outcome.Issue.InsertRange(0, parsed.Outcome.Issue);
        if (await ForwardAsync(context, outcome, mode))
        {
            await next(context);
        }
    }

    /// <summary>
    /// Acts on a validation outcome: enforce with errors answers 422 (false: do not forward); warn puts the issues in
    /// <see cref="OutcomeHeader"/> on the forwarded response.
    /// </summary>
    internal static async Task<bool> ForwardAsync(HttpContext context, OperationOutcome outcome, string mode)
    {
        var errors = outcome.Issue.Any(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal);
        if (errors && mode == "enforce")
        {
            await Outcome.WriteAsync(context, StatusCodes.Status422UnprocessableEntity, outcome);
            return false;
        }

        if (mode == "warn" && outcome.Issue.Count > 0)
        {
            ReportInHeader(context, outcome);
        }

        return true;
    }

    /// <summary>warn mode: the issues travel in <see cref="OutcomeHeader"/> on the forwarded write's response.</summary>
    internal static void ReportInHeader(HttpContext context, OperationOutcome outcome)
    {
        var json = Serializer.SerializeToString(outcome);
        // Header values are ASCII: escape the rest; an outcome too large for a header says so instead of breaking the response.
        var ascii = JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
        context.Response.Headers[OutcomeHeader] = Encoding.UTF8.GetByteCount(ascii) <= MaxHeaderBytes
            ? ascii
            : $$"""{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"too-costly","diagnostics":"{{outcome.Issue.Count}} validation issues; validate with $validate to see them all."}]}""";
    }

    private OperationOutcome Checked(Bundle bundle, string sourceId)
    {
        var outcome = provider.Validator.ValidateBundleEntries(bundle, resource => policy.Mode(sourceId, resource.TypeName) == "off" ? [] : policy.RequiredProfiles(sourceId, resource.TypeName));

        // A PATCH entry's resource is the patch (Binary, Parameters), not the result: the gateway cannot check what it
        // would commit, so where the target type is validated it is refused (enforce) or reported (warn).
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Request is { Method: Bundle.HTTPVerb.PATCH } request && policy.Mode(sourceId, TargetType(request)) is var mode and not "off")
            {
                outcome.Issue.Add(new OperationOutcome.IssueComponent
                {
                    Severity = mode == "enforce" ? OperationOutcome.IssueSeverity.Error : OperationOutcome.IssueSeverity.Warning,
                    Code = OperationOutcome.IssueType.NotSupported,
                    Diagnostics = $"A PATCH inside a {bundle.Type?.ToString().ToLowerInvariant()} cannot be validated by the gateway; send it as its own PATCH request ({JsonPatchApplier.MediaType}).",
                    Expression = [$"Bundle.entry[{i}].request.method"],
                });
            }
        }

        return outcome;
    }

    /// <summary>A bundle is held to the strictest mode of its entries' types: one enforced entry enforces the whole.</summary>
    private string Strictest(Bundle bundle, string sourceId)
    {
        var modes = bundle.Entry
            .Select(e => e.Request is { Method: Bundle.HTTPVerb.PATCH } request ? TargetType(request) : e.Resource?.TypeName)
            .OfType<string>().Select(type => policy.Mode(sourceId, type)).ToList();
        return modes.Contains("enforce") ? "enforce" : modes.Contains("warn") ? "warn" : "off";
    }

    private static string TargetType(Bundle.RequestComponent request) => (request.Url ?? "").Split('/', '?')[0];

    private static string? ResourceType(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    depth++;
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    depth--;
                    break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("resourceType"):
                    reader.Read();
                    return reader.GetString();
            }
        }

        return null;
    }
}
