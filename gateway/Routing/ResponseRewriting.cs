using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Smart;
using Lead.Gateway.Sources;
using Yarp.ReverseProxy.Model;
using Yarp.ReverseProxy.Transforms;

namespace Lead.Gateway.Routing;

/// <summary>
/// What a client sees of an upstream response: upstream addresses replaced by the gateway's (headers and body), and
/// upstream failures turned into OperationOutcomes that never carry the upstream's own error text.
/// </summary>
internal sealed class ResponseRewriting(PublicUrls urls, ILogger<ResponseRewriting> logger)
{
    private static readonly string[] UrlHeaders = ["Location", "Content-Location", "Link"];
    private readonly ConcurrentDictionary<(string Source, string Prefix), UrlRewriter> rewriters = new();

    public UrlRewriter ForSource(HttpContext context, GatewaySource source)
    {
        var prefix = urls.SourceBase(context, source.Id);
        if (rewriters.TryGetValue((source.Id, prefix), out var rewriter))
        {
            return rewriter;
        }

        if (rewriters.Count > 256)
        {
            // Prefixes come from the request when no public URL is configured: bound what odd Host headers can grow.
            rewriters.Clear();
        }

        return rewriters.GetOrAdd((source.Id, prefix), key => new UrlRewriter(source.UpstreamPrefixes, key.Prefix));
    }

    public async ValueTask ApplyAsync(ResponseTransformContext transform, GatewaySource source)
    {
        var upstream = transform.ProxyResponse;
        if (upstream is null)
        {
            // No response at all: the proxy error mapper answers.
            return;
        }

        var context = transform.HttpContext;
        var status = (int)upstream.StatusCode;
        var mediaType = upstream.Content.Headers.ContentType?.MediaType;
        if (status >= 500 || status is 401 or 403 or 407)
        {
            transform.SuppressResponseBody = true;
            logger.LogWarning("Source {SourceId} answered {Status}", source.Id, status);
            var (mapped, reason) = status switch
            {
                503 => (HttpStatusCode.ServiceUnavailable, "is unavailable (503)"),
                504 => (HttpStatusCode.GatewayTimeout, "timed out (504)"),
                401 or 403 or 407 => (HttpStatusCode.BadGateway, $"refused the gateway's credentials ({status})"),
                _ => (HttpStatusCode.BadGateway, $"failed ({status})"),
            };
            await Outcome.WriteAsync(context, mapped, OperationOutcome.IssueType.Transient, $"Source '{source.Id}' {reason}.");
            return;
        }

        if (status >= 400 && !IsFhir(mediaType))
        {
            // An HTML or plain-text error page from the upstream: keep its status, not its body.
            transform.SuppressResponseBody = true;
            await Outcome.WriteAsync(context, (HttpStatusCode)status, OperationOutcome.IssueType.Processing,
                $"Source '{source.Id}' refused the request with status {status}.");
            return;
        }

        var rewriter = ForSource(context, source);
        foreach (var header in UrlHeaders)
        {
            if (context.Response.Headers.TryGetValue(header, out var value) && value.Count > 0)
            {
                context.Response.Headers[header] = value.Select(v => rewriter.Rewrite(v ?? "")).ToArray();
            }
        }

        if (status == 200 && IsFhir(mediaType) && upstream.Content.Headers.ContentEncoding.Count == 0
            && context.GetReverseProxyFeature().Route.Config.Metadata?.ContainsKey(SourceProxyConfigProvider.OpenMetadataKey) == true)
        {
            // A source's CapabilityStatement, as every FHIR base of the gateway should describe it: the gateway's SMART
            // endpoints in rest.security (the upstream's own security, if any, concerns the gateway's credentials).
            transform.SuppressResponseBody = true;
            var statement = rewriter.Rewrite(await upstream.Content.ReadAsByteArrayAsync(context.RequestAborted));
            var withSecurity = await WithGatewaySecurityAsync(context, statement);
            context.Response.ContentLength = withSecurity.Length;
            await context.Response.Body.WriteAsync(withSecurity, context.RequestAborted);
            return;
        }

        if (context.Features.Get<IResponseBodyCheck>() is { } check && status < 300)
        {
            // Judged whole before any byte leaves: a refusal must not follow half a resource.
            transform.SuppressResponseBody = true;
            var bytes = await upstream.Content.ReadAsByteArrayAsync(context.RequestAborted);
            if (bytes.Length == 0)
            {
                return;
            }

            if (!IsJson(mediaType) || upstream.Content.Headers.ContentEncoding.Count > 0)
            {
                // A raw Binary, XML or a compressed body cannot be checked against the token's patient or constraints:
                // fail closed rather than stream it unchecked (the gateway asked the source for FHIR JSON).
                context.Response.Headers.ContentEncoding = default;
                await Outcome.WriteAsync(context, HttpStatusCode.BadGateway, OperationOutcome.IssueType.NotSupported,
                    $"Source '{source.Id}' answered in a format the gateway cannot check for this token ({mediaType ?? "no media type"}); only FHIR JSON is returned to patient/ and constrained tokens.");
                return;
            }

            var verdict = check.Check(bytes);
            if (verdict.Body is null)
            {
                await Outcome.WriteAsync(context, (HttpStatusCode)verdict.Status,
                    verdict.Status == 404 ? OperationOutcome.IssueType.NotFound : OperationOutcome.IssueType.Forbidden, verdict.Reason ?? "Not allowed.");
                return;
            }

            var body = rewriter.Rewrite(verdict.Body);
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
            return;
        }

        if (IsRewritable(mediaType) && upstream.Content.Headers.ContentEncoding.Count == 0)
        {
            transform.SuppressResponseBody = true;
            context.Response.ContentLength = null;
            await using var body = await upstream.Content.ReadAsStreamAsync(context.RequestAborted);
            await rewriter.CopyAsync(body, context.Response.Body, context.RequestAborted);
        }
    }

    private static async Task<byte[]> WithGatewaySecurityAsync(HttpContext context, byte[] body)
    {
        JsonObject? statement;
        try
        {
            statement = JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return body;
        }

        if (statement?["resourceType"] is not JsonValue type || type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "CapabilityStatement")
        {
            return body;
        }

        if (statement["rest"] is not JsonArray rests)
        {
            statement["rest"] = rests = [new JsonObject { ["mode"] = "server" }];
        }

        var security = await SmartSecurityJson.BuildAsync(context);
        foreach (var rest in rests.OfType<JsonObject>().Where(r => r["mode"] is not JsonValue mode || mode.ToString() == "server"))
        {
            rest["security"] = security.DeepClone();
        }

        return JsonSerializer.SerializeToUtf8Bytes(statement);
    }

    private static bool IsFhir(string? mediaType) =>
        mediaType is not null && (mediaType.Contains("fhir", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/fhir+json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Equals("application/json+fhir", StringComparison.OrdinalIgnoreCase));

    private static bool IsRewritable(string? mediaType) =>
        mediaType is not null && (mediaType.Contains("json", StringComparison.OrdinalIgnoreCase)
            || mediaType.Contains("xml", StringComparison.OrdinalIgnoreCase)
            || mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase));
}
