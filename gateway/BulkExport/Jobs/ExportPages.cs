using System.Text.Json;

namespace Lead.Gateway.BulkExport.Jobs;

internal static class ExportPages
{
    /// <summary>The Bundle's <c>next</c> link, as the upstream wrote it.</summary>
    public static string? NextLink(JsonElement bundle)
    {
        return bundle.TryGetProperty("link", out var links) ? NextIn(links) : null;
    }

    /// <summary>The <c>next</c> link of a Bundle's <c>link</c> array.</summary>
    public static string? NextIn(JsonElement links)
    {
        if (links.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var link in links.EnumerateArray())
        {
            if (link.TryGetProperty("relation", out var relation) && relation.GetString() == "next" && link.TryGetProperty("url", out var url))
            {
                return url.GetString();
            }
        }

        return null;
    }
}
