using System.Collections.Concurrent;

namespace Lead.Auth.Scopes;

/// <summary>
/// Parsed scope sets by scope string: the gateway sees the same few scope strings on every request, so parsing once
/// keeps authorization allocation-free. Bounded by clearing: scope strings come from tokens this server signed.
/// </summary>
internal static class ScopeSetCache
{
    private const int MaxEntries = 4096;
    private static readonly ConcurrentDictionary<string, SmartScopeSet> Cache = new(StringComparer.Ordinal);

    public static SmartScopeSet Parse(string scope)
    {
        if (Cache.TryGetValue(scope, out var cached))
        {
            return cached;
        }

        if (Cache.Count >= MaxEntries)
        {
            Cache.Clear();
        }

        return Cache.GetOrAdd(scope, SmartScopeSet.Parse);
    }
}
