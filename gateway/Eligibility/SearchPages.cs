using Lead.Gateway.Sources;

namespace Lead.Gateway.Eligibility;

/// <summary>
/// The pages of one search on one source: next links are followed while they stay on the source (the gateway's
/// credentials for it must never travel elsewhere), are new, and within <see cref="MaxPages"/>. A reading that stops
/// before the last page throws: what was read is not the whole answer, so the source is unknown, never "absent".
/// </summary>
internal sealed class SearchPages(GatewaySource source, string type, string first)
{
    /// <summary>A person is on a handful of rosters and holds a handful of Coverages: more pages than this is a runaway.</summary>
    public const int MaxPages = 20;

    private readonly HashSet<string> visited = new(StringComparer.Ordinal);
    private string? next = first;
    private bool started;

    /// <summary>The next page to read (relative or absolute), or null after the last.</summary>
    public string? Next()
    {
        if (started && next is null)
        {
            return null;
        }

        started = true;
        if (visited.Count >= MaxPages)
        {
            throw new SourceAnswerException($"the source's {type} results did not end within {MaxPages} pages; they were not read whole");
        }

        if (!visited.Add(next!))
        {
            throw new SourceAnswerException($"the source repeated a next link in its {type} results; they were not read whole");
        }

        return next;
    }

    /// <summary>The page just read pointed here (null: it was the last).</summary>
    public void Followed(string? link)
    {
        if (link is null)
        {
            next = null;
            return;
        }

        if (!Uri.TryCreate(source.Upstream!, link, out var absolute)
            || !source.UpstreamPrefixes.Any(p => absolute.AbsoluteUri.StartsWith(p + "/", StringComparison.Ordinal)))
        {
            throw new SourceAnswerException(
                $"a next link in the source's {type} results points outside its configured base URLs (Sources:{source.Id}:ResponseBaseUrls); they were not read whole");
        }

        next = absolute.AbsoluteUri;
    }
}
