using Lead.Gateway.Sandbox.Storage;

namespace Lead.Gateway.Sandbox.Search;

/// <summary>One page of a search: the total, the page's matches and the resources _include/_revinclude brought in.</summary>
internal sealed record SearchResult(int Total, IReadOnlyList<StoredResource> Matches, IReadOnlyList<StoredResource> Included);
