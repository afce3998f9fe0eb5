using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Lead.Gateway.Identity.Everything;

/// <summary>
/// One page of a combined record. Later pages travel as an opaque <c>_cursor</c> that recomputes the page: the person,
/// the parameters, the offset and the snapshot instant (resources changed after the first page do not shift later
/// pages). Nothing is persisted; each page is authorised again, so a cursor grants nothing by itself.
/// </summary>
internal sealed record EverythingQuery(
    string? PersonId, string? Identifier, IReadOnlyList<string>? Types, DateTimeOffset? Since, int Count, int Offset, DateTimeOffset Snapshot)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Reads the query string (or the cursor in it); the error names the parameter, never its value.</summary>
    public static (EverythingQuery? Query, string? Error) Parse(IQueryCollection query, string? personId, int defaultCount, int maxCount, DateTimeOffset now)
    {
        if (query.TryGetValue("_cursor", out var cursor))
        {
            return FromCursor(cursor.ToString(), personId);
        }

        var identifier = query.TryGetValue("identifier", out var i) ? i.ToString() : null;
        if (personId is null && string.IsNullOrWhiteSpace(identifier))
        {
            return (null, "Patient/$everything at the type level needs identifier=system|value (an MBI, a Medicaid ID or an HIE MPI id).");
        }

        List<string>? types = null;
        if (query.TryGetValue("_type", out var t))
        {
            types = [.. t.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct()];
        }

        DateTimeOffset? since = null;
        if (query.TryGetValue("_since", out var s))
        {
            if (!DateTimeOffset.TryParse(s.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant)
                || s.ToString().Length <= 10)
            {
                return (null, "_since must be an instant (e.g. 2026-11-01T00:00:00Z).");
            }

            since = instant;
        }

        var count = defaultCount;
        if (query.TryGetValue("_count", out var c) && (!int.TryParse(c.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            return (null, "_count must be a positive integer.");
        }

        return (new EverythingQuery(personId, identifier, types, since, Math.Min(count, maxCount), 0, now), null);
    }

    public string NextCursor(string personId) =>
        WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new Cursor(personId, Types, Since, Count, Offset + Count, Snapshot), Json));

    private static (EverythingQuery?, string?) FromCursor(string text, string? personId)
    {
        try
        {
            var cursor = JsonSerializer.Deserialize<Cursor>(WebEncoders.Base64UrlDecode(text), Json);
            if (cursor is null || cursor.Person != personId || cursor.Count < 1 || cursor.Offset < 0)
            {
                return (null, "_cursor does not belong to this request.");
            }

            return (new EverythingQuery(cursor.Person, null, cursor.Types, cursor.Since, cursor.Count, cursor.Offset, cursor.At), null);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, "_cursor is not a cursor this gateway issued.");
        }
    }

    private sealed record Cursor(string Person, IReadOnlyList<string>? Types, DateTimeOffset? Since, int Count, int Offset, DateTimeOffset At);

    /// <summary>FHIR instant at millisecond precision, UTC (what sandbox _lastUpdated compares exactly).</summary>
    public static string Instant(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    public static string Describe(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
