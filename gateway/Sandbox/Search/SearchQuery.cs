using Lead.Gateway.Sandbox.Storage;
using Microsoft.EntityFrameworkCore;

namespace Lead.Gateway.Sandbox.Search;

/// <summary>Turns a <see cref="SearchRequest"/> into SQL over the index tables: each criterion is an id subquery, values are UNIONed.</summary>
internal static class SearchQuery
{
    public static IQueryable<SandboxResourceRow> Matches(SandboxDbContext db, string source, string type, SearchRequest request)
    {
        var query = db.Resources.AsNoTracking().Where(r => r.Source == source && r.Type == type && r.IsCurrent && !r.Deleted);
        foreach (var criterion in request.Criteria)
        {
            query = criterion.Name switch
            {
                "_id" => Ids(query, criterion.Values),
                "_lastUpdated" => LastUpdated(query, criterion.Values),
                _ when SearchParameters.IsToken(criterion.Name) => Restrict(query, criterion.Values.Select(v => Token(db, source, type, criterion.Name, v))),
                _ => Restrict(query, criterion.Values.Select(v => Reference(db, source, type, criterion.Name, criterion.Modifier, v))),
            };
        }

        return query;
    }

    public static async Task<SearchResult> ExecuteAsync(SandboxDbContext db, string source, string type, SearchRequest request, CancellationToken ct)
    {
        var query = Matches(db, source, type, request);
        var total = await query.CountAsync(ct);
        if (request.SummaryCount || request.Count == 0 || request.Offset >= total)
        {
            return new SearchResult(total, [], []);
        }

        var ordered = request.Sort switch
        {
            "_lastUpdated" => query.OrderBy(r => r.LastUpdated).ThenBy(r => r.Id),
            "-_lastUpdated" => query.OrderByDescending(r => r.LastUpdated).ThenByDescending(r => r.Id),
            "-_id" => query.OrderByDescending(r => r.Id),
            _ => query.OrderBy(r => r.Id),
        };
        var rows = await ordered.Skip(request.Offset).Take(request.Count).ToListAsync(ct);
        var matches = rows.Select(StoredResource.From).ToList();
        var included = await IncludesAsync(db, source, type, request, matches, ct);
        return new SearchResult(total, matches, included);
    }

    private static IQueryable<SandboxResourceRow> Ids(IQueryable<SandboxResourceRow> query, IReadOnlyList<string> ids)
    {
        var list = ids.ToList();
        return query.Where(r => list.Contains(r.Id));
    }

    /// <summary>Each value is a range test; several values (comma-separated) are ORed.</summary>
    private static IQueryable<SandboxResourceRow> LastUpdated(IQueryable<SandboxResourceRow> query, IReadOnlyList<string> values)
    {
        var ranges = values.Select(DateRange.Parse).ToList();
        if (ranges.Count == 1)
        {
            return InRange(query, ranges[0]);
        }

        var ids = ranges.Select(r => InRange(query, r).Select(x => x.Id)).Aggregate((a, b) => a.Union(b));
        return query.Where(r => ids.Contains(r.Id));
    }

    private static IQueryable<SandboxResourceRow> InRange(IQueryable<SandboxResourceRow> query, DateRange range)
    {
        var (start, end) = (range.Start, range.End);
        return range.Prefix switch
        {
            "gt" => query.Where(r => r.LastUpdated >= end),
            "ge" => query.Where(r => r.LastUpdated >= start),
            "lt" => query.Where(r => r.LastUpdated < start),
            "le" => query.Where(r => r.LastUpdated < end),
            _ => query.Where(r => r.LastUpdated >= start && r.LastUpdated < end),
        };
    }

    private static IQueryable<SandboxResourceRow> Restrict(IQueryable<SandboxResourceRow> query, IEnumerable<IQueryable<string>> alternatives)
    {
        var ids = alternatives.Aggregate((a, b) => a.Union(b));
        return query.Where(r => ids.Contains(r.Id));
    }

    private static IQueryable<string> Token(SandboxDbContext db, string source, string type, string param, string value)
    {
        var tokens = db.Tokens.Where(t => t.Source == source && t.Type == type && t.Param == param);
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        if (bar < 0)
        {
            tokens = tokens.Where(t => t.Value == value);
        }
        else
        {
            var system = value[..bar];
            var code = value[(bar + 1)..];
            tokens = system.Length == 0 ? tokens.Where(t => t.System == null) : tokens.Where(t => t.System == system);
            if (code.Length > 0)
            {
                tokens = tokens.Where(t => t.Value == code);
            }
        }

        return tokens.Select(t => t.Id);
    }

    private static IQueryable<string> Reference(SandboxDbContext db, string source, string type, string param, string? modifier, string value)
    {
        var parsed = SearchIndexer.ParseReference(value);
        var targetId = parsed?.Id ?? value;
        var targetType = modifier ?? parsed?.Type;
        var references = db.References.Where(x => x.Source == source && x.Type == type && x.Param == param && x.TargetId == targetId);
        if (targetType is not null)
        {
            references = references.Where(x => x.TargetType == targetType || x.TargetType == null);
        }

        return references.Select(x => x.Id);
    }

    private static async Task<List<StoredResource>> IncludesAsync(SandboxDbContext db, string source, string type, SearchRequest request,
        List<StoredResource> matches, CancellationToken ct)
    {
        var included = new List<StoredResource>();
        if (request.Includes.Count == 0 && request.RevIncludes.Count == 0)
        {
            return included;
        }

        var seen = matches.Select(m => (m.Type, m.Id)).ToHashSet();
        var pageIds = matches.Select(m => m.Id).ToList();
        foreach (var include in request.Includes.Where(i => i.SourceType == type))
        {
            var targets = await db.References.AsNoTracking()
                .Where(x => x.Source == source && x.Type == type && x.Param == include.Param && pageIds.Contains(x.Id) && x.TargetType != null)
                .Select(x => new { x.TargetType, x.TargetId })
                .Distinct()
                .ToListAsync(ct);
            foreach (var group in targets.Where(t => include.TargetType is null || t.TargetType == include.TargetType).GroupBy(t => t.TargetType!))
            {
                var ids = group.Select(t => t.TargetId).ToList();
                await AddCurrentAsync(db, source, group.Key, ids, seen, included, ct);
            }
        }

        foreach (var revInclude in request.RevIncludes)
        {
            var ids = await db.References.AsNoTracking()
                .Where(x => x.Source == source && x.Type == revInclude.SourceType && x.Param == revInclude.Param
                    && (x.TargetType == type || x.TargetType == null) && pageIds.Contains(x.TargetId))
                .Select(x => x.Id)
                .Distinct()
                .ToListAsync(ct);
            await AddCurrentAsync(db, source, revInclude.SourceType, ids, seen, included, ct);
        }

        return included;
    }

    private static async Task AddCurrentAsync(SandboxDbContext db, string source, string type, List<string> ids,
        HashSet<(string, string)> seen, List<StoredResource> into, CancellationToken ct)
    {
        var rows = await db.Resources.AsNoTracking()
            .Where(r => r.Source == source && r.Type == type && r.IsCurrent && !r.Deleted && ids.Contains(r.Id))
            .ToListAsync(ct);
        foreach (var row in rows.Where(r => seen.Add((r.Type, r.Id))))
        {
            into.Add(StoredResource.From(row));
        }
    }
}
