using System.Text.Json.Nodes;
using Lead.Gateway.Hosting;
using Lead.Gateway.Routing;
using Lead.Gateway.Sources;
using Lead.Profiles;

namespace Lead.Gateway.Identity;

/// <summary>
/// Turns a resource read from a source into what a client of the gateway sees: upstream URLs rewritten to the source's
/// gateway URL, and marked with its source (<c>meta.source</c>, and a <c>meta.tag</c> in the source tag system).
/// </summary>
internal sealed class SourceMarking(PublicUrls urls)
{
    public Func<string, JsonObject> For(HttpContext context, GatewaySource source)
    {
        var sourceBase = urls.SourceBase(context, source.Id);
        var rewriter = new UrlRewriter(source.UpstreamPrefixes, sourceBase);
        return raw =>
        {
            var resource = JsonNode.Parse(rewriter.Rewrite(raw))!.AsObject();
            var meta = resource["meta"] as JsonObject ?? [];
            resource["meta"] = meta;
            meta["source"] = sourceBase;
            var tags = meta["tag"] as JsonArray ?? [];
            meta["tag"] = tags;
            if (!tags.Any(t => t?["system"]?.GetValue<string>() == LeadCanonicals.SourceTagSystem && t?["code"]?.GetValue<string>() == source.Id))
            {
                tags.Add(new JsonObject { ["system"] = LeadCanonicals.SourceTagSystem, ["code"] = source.Id, ["display"] = source.DisplayName });
            }

            return resource;
        };
    }

    public string FullUrl(HttpContext context, string sourceId, string type, string id) => $"{urls.SourceBase(context, sourceId)}/{type}/{id}";
}
