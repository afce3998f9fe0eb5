using System.Net;
using System.Text.Json;
using Hl7.Fhir.Model;
using Lead.Gateway.Fhir;
using Lead.Gateway.Hosting;
using Lead.Gateway.Sources;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace Lead.Gateway.Routing;

/// <summary>
/// Checks a write before anything leaves the gateway: size (413), content type (415) and well-formed JSON (400 naming
/// line and position). The body is buffered once, gateway URLs in it are mapped back to the upstream's, and the bytes
/// are kept for later stages.
/// </summary>
internal sealed class FhirRequestGuard(RequestDelegate next, IOptions<GatewayOptions> options, SourceRegistry registry, PublicUrls urls)
{
    /// <summary>Deep enough for any real FHIR resource; a hostile 10,000-deep document fails fast.</summary>
    public const int MaxJsonDepth = 128;

    private readonly long limit = options.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method) && !HttpMethods.IsPut(request.Method) && !HttpMethods.IsPatch(request.Method))
        {
            await next(context);
            return;
        }

        if (request.ContentLength > limit)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.RequestEntityTooLarge, OperationOutcome.IssueType.TooCostly,
                $"The request body ({request.ContentLength} bytes) is larger than the gateway's limit of {limit} bytes.");
            return;
        }

        // HTTP/2 and HTTP/3 bodies need neither Content-Length nor Transfer-Encoding: ask the server whether one can follow.
        var hasBody = context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (request.ContentLength > 0 || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0));
        if (!hasBody)
        {
            await next(context);
            return;
        }

        var contentType = request.ContentType;
        var isSearch = request.Path.Value?.EndsWith("/_search", StringComparison.Ordinal) == true;
        if (!FhirMediaTypes.IsJson(contentType) && !(isSearch && FhirMediaTypes.IsFormUrlEncoded(contentType)))
        {
            await Outcome.WriteAsync(context, HttpStatusCode.UnsupportedMediaType, OperationOutcome.IssueType.NotSupported,
                $"Content-Type '{contentType ?? "(none)"}' is not accepted for {request.Method}; send application/fhir+json.");
            return;
        }

        var bytes = await ReadBodyAsync(request, context.RequestAborted);
        if (FhirMediaTypes.IsJson(contentType) && CheckJson(bytes) is { } fault)
        {
            await Outcome.WriteAsync(context, HttpStatusCode.BadRequest, OperationOutcome.IssueType.Structure, fault);
            return;
        }

        var sourceId = context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(SourceProxyConfigProvider.SourceMetadataKey);
        if (sourceId is not null && registry.Find(sourceId) is { UpstreamBaseText: { } upstream })
        {
            // References a client copied from gateway responses must reach the upstream in its own terms.
            bytes = new UrlRewriter([urls.SourceBase(context, sourceId)], upstream).Rewrite(bytes);
        }

        context.Features.Set(new BufferedRequestBody(bytes, contentType!));
        request.Body = new MemoryStream(bytes, writable: false);
        request.ContentLength = bytes.Length;
        await next(context);
    }

    private async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(request.ContentLength is > 0 and < int.MaxValue ? (int)request.ContentLength.Value : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Null when the bytes are one well-formed JSON value; otherwise a message naming line and position.</summary>
    internal static string? CheckJson(ReadOnlySpan<byte> bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = MaxJsonDepth, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            var depth = ex.Message.Contains("maximum configured depth", StringComparison.Ordinal) ? $" (nesting deeper than {MaxJsonDepth} levels)" : "";
            return $"Malformed JSON at line {line}, position {position}{depth}: the request body is not valid JSON.";
        }
    }
}
