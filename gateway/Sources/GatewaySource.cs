namespace Lead.Gateway.Sources;

/// <summary>A source as the gateway runs it: configuration plus the resolved upstream address.</summary>
internal sealed record GatewaySource(
    string Id,
    string Kind,
    string DisplayName,
    Uri? Upstream,
    TimeSpan Timeout,
    SourceAuthOptions Auth,
    IReadOnlyList<string> ResponseBaseUrls,
    bool IsSandbox)
{
    /// <summary>Upstream base without a trailing slash: the text the gateway replaces in responses.</summary>
    public string? UpstreamBaseText => Upstream?.AbsoluteUri.TrimEnd('/');

    /// <summary>How bulk exports read the source (search, or its own <c>$export</c>).</summary>
    public SourceExportOptions Export { get; init; } = new();

    /// <summary>Every URL prefix the upstream may write into a response.</summary>
    public IEnumerable<string> UpstreamPrefixes =>
        (UpstreamBaseText is null ? [] : new[] { UpstreamBaseText }).Concat(ResponseBaseUrls.Select(u => u.TrimEnd('/')));
}
