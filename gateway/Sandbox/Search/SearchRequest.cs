using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox.Fhir;

namespace Lead.Gateway.Sandbox.Search;

/// <summary>A parsed search: criteria (ANDed; each one's values ORed), paging, includes, and the parameters it ignored.</summary>
internal sealed class SearchRequest
{
    public List<SearchCriterion> Criteria { get; } = [];

    public List<IncludeSpec> Includes { get; } = [];

    public List<IncludeSpec> RevIncludes { get; } = [];

    /// <summary>Parameters understood, echoed in the self/next links (paging parameters are added by the link builder).</summary>
    public List<KeyValuePair<string, string>> Recognized { get; } = [];

    /// <summary>Parameters not understood: ignored (lenient), or refused with <c>Prefer: handling=strict</c>.</summary>
    public List<string> Unknown { get; } = [];

    public int Count { get; private set; }

    public int Offset { get; private set; }

    public bool SummaryCount { get; private set; }

    /// <summary><c>_lastUpdated</c>, <c>-_lastUpdated</c>, <c>_id</c> or <c>-_id</c> (the default order, stable across pages).</summary>
    public string Sort { get; private set; } = "_id";

    public static SearchRequest Parse(string type, IEnumerable<KeyValuePair<string, string>> parameters, int defaultCount, int maxCount)
    {
        var request = new SearchRequest { Count = defaultCount };
        foreach (var (rawName, value) in parameters)
        {
            var colon = rawName.IndexOf(':', StringComparison.Ordinal);
            var name = colon < 0 ? rawName : rawName[..colon];
            var modifier = colon < 0 ? null : rawName[(colon + 1)..];
            if (!request.Accept(type, rawName, name, modifier, value, maxCount))
            {
                request.Unknown.Add(rawName);
            }
        }

        return request;
    }

    private bool Accept(string type, string rawName, string name, string? modifier, string value, int maxCount)
    {
        switch (name)
        {
            case "_format" or "_pretty" or "_total":
                return true;
            case "_count" when modifier is null:
                Count = int.TryParse(value, out var count) && count >= 0
                    ? Math.Min(count, maxCount)
                    : throw Invalid($"_count must be a non-negative integer, not '{value}'.", "_count");
                return true;
            case "_offset" when modifier is null:
                Offset = int.TryParse(value, out var offset) && offset >= 0
                    ? offset
                    : throw Invalid($"_offset must be a non-negative integer, not '{value}'.", "_offset");
                return true;
            case "_summary" when modifier is null && value is "count" or "false":
                SummaryCount |= value == "count";
                Recognized.Add(new(name, value));
                return true;
            case "_sort" when modifier is null && value is "_id" or "-_id" or "_lastUpdated" or "-_lastUpdated":
                Sort = value;
                Recognized.Add(new(name, value));
                return true;
            case "_include" or "_revinclude" when modifier is null && IncludeSpec.TryParse(value) is { } include:
                (name == "_include" ? Includes : RevIncludes).Add(include);
                Recognized.Add(new(name, value));
                return true;
            case "_lastUpdated" when modifier is null:
                foreach (var v in Split(value))
                {
                    _ = DateRange.Parse(v);
                }

                break;
            case "_id" when modifier is null:
                break;
            default:
                if (SearchParameters.IsToken(name) && modifier is null && SearchParameters.Supports(type, name))
                {
                    break;
                }

                if (SearchParameters.IsReference(name) && (modifier is null || ModelInfo.IsKnownResource(modifier))
                    && SearchParameters.Supports(type, name))
                {
                    break;
                }

                return false;
        }

        var values = Split(value);
        if (values.Count == 0)
        {
            return true;
        }

        Criteria.Add(new SearchCriterion(name, modifier, values));
        Recognized.Add(new(rawName, value));
        return true;
    }

    private static List<string> Split(string value) =>
        [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static SandboxException Invalid(string message, string parameter) =>
        new(400, OperationOutcome.IssueType.Invalid, message, parameter);
}

internal sealed record SearchCriterion(string Name, string? Modifier, IReadOnlyList<string> Values);

/// <summary><c>Type:param</c> or <c>Type:param:TargetType</c>.</summary>
internal sealed record IncludeSpec(string SourceType, string Param, string? TargetType)
{
    public static IncludeSpec? TryParse(string value)
    {
        var parts = value.Split(':');
        return parts.Length is 2 or 3 && ModelInfo.IsKnownResource(parts[0]) && SearchParameters.IsReference(parts[1])
            && SearchParameters.Supports(parts[0], parts[1])
            && (parts.Length == 2 || ModelInfo.IsKnownResource(parts[2]))
            ? new IncludeSpec(parts[0], parts[1], parts.Length == 3 ? parts[2] : null)
            : null;
    }
}
