using System.Text.Json;
using System.Text.Json.Nodes;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Yarp.ReverseProxy.Model;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Sees creates, updates and patches of watched types that pass through a proxy route to an upstream and succeed, and
/// queues them as changes (a PATCH without its result: the processor reads it from the source, as it reads the version
/// before an update). Sandbox sources are left to <see cref="SandboxChangeFeed"/>: it sees every sandbox write with its
/// previous version, so one write is one change (the outbox's dedupe key catches any remaining overlap).
/// </summary>
internal sealed class ProxyWriteObserver(RequestDelegate next, ChangeQueue queue, SourceRegistry registry, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var method = context.Request.Method;
        if (context.Response.StatusCode is < 200 or > 299 || !(HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method)))
        {
            return;
        }

        var sourceId = context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(SourceProxyConfigProvider.SourceMetadataKey);
        if (sourceId is null || registry.Find(sourceId) is not { IsSandbox: false } source || context.Features.Get<BufferedRequestBody>() is not { } body)
        {
            return;
        }

        var change = HttpMethods.IsPatch(method) ? Patched(context, source) : Read(context, source, body);
        if (change is not null)
        {
            queue.Offer(change.Type, () => change);
        }
    }

    /// <summary>A PATCH <c>{type}/{id}</c>: the body is the patch, so the result is left for the processor to read.</summary>
    private ResourceChange? Patched(HttpContext context, GatewaySource source)
    {
        var segments = (context.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        var typeAt = Array.FindLastIndex(segments, Topics.WatchedTypes.Contains);
        if (typeAt < 0 || typeAt != segments.Length - 2)
        {
            return null;
        }

        var version = context.Response.Headers.ETag.ToString().Replace("W/", "", StringComparison.Ordinal).Trim('"');
        return new ResourceChange(source.Id, source.Kind, segments[typeAt], segments[typeAt + 1], string.IsNullOrEmpty(version) ? null : version,
            "update", null, null, time.GetUtcNow());
    }

    private ResourceChange? Read(HttpContext context, GatewaySource source, BufferedRequestBody body)
    {
        JsonObject? resource;
        try
        {
            resource = JsonNode.Parse(body.Bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }

        var type = resource?["resourceType"]?.GetValue<string>();
        if (resource is null || type is null || !Topics.WatchedTypes.Contains(type))
        {
            return null;
        }

        // Location (create) or the path (update) gives the id; Location or ETag the version.
        var location = context.Response.Headers.Location.ToString();
        var segments = (string.IsNullOrEmpty(location) ? context.Request.Path.Value ?? "" : location).Split('?')[0].Split('/');
        var typeAt = Array.LastIndexOf(segments, type);
        var id = typeAt >= 0 && typeAt + 1 < segments.Length ? segments[typeAt + 1] : resource["id"]?.GetValue<string>();
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var history = Array.IndexOf(segments, "_history");
        var version = history >= 0 && history + 1 < segments.Length ? segments[history + 1] : context.Response.Headers.ETag.ToString().Replace("W/", "", StringComparison.Ordinal).Trim('"');
        resource["id"] = id;
        return new ResourceChange(source.Id, source.Kind, type, id, string.IsNullOrEmpty(version) ? null : version,
            context.Response.StatusCode == 201 ? "create" : "update", resource.ToJsonString(), null, time.GetUtcNow());
    }
}
