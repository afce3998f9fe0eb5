using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lead.Gateway.Sandbox.Storage;
using Microsoft.AspNetCore.WebUtilities;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>
/// Writes Bundles around already-serialized resources: stored JSON is copied in raw, never parsed and re-serialized,
/// which keeps search and history as cheap as reads.
/// </summary>
internal static class BundleJson
{
    // The body is application/fhir+json, never HTML: '&' in links stays '&' so URLs read (and rewrite) as they are.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A search page, written straight to the response (see <see cref="SearchsetPage"/>) or as a string inside a batch response.</summary>
    public static SearchsetPage Searchset(string baseUrl, int total, IReadOnlyList<(string Relation, string Url)> links,
        IReadOnlyList<StoredResource> matches, IReadOnlyList<StoredResource> included, bool countOnly) =>
        new(baseUrl, total, links, matches, included, countOnly);

    /// <summary>
    /// A searchset Bundle not yet serialized. A page of 1,000 resources (or one ACO roster Group of megabytes) is streamed
    /// to the client in slices rather than built whole: a whole page would be a fresh large-object-heap buffer, then a
    /// string twice its size, for every page a bulk export reads.
    /// </summary>
    internal sealed record SearchsetPage(string BaseUrl, int Total, IReadOnlyList<(string Relation, string Url)> Links,
        IReadOnlyList<StoredResource> Matches, IReadOnlyList<StoredResource> Included, bool CountOnly)
    {
        private const int FlushBytes = 32 * 1024;

        public string ToJson() => Write(w =>
        {
            Head(w);
            foreach (var (resource, mode) in Entries())
            {
                Entry(w, resource, mode);
            }

            Tail(w);
        });

        public async Task WriteAsync(PipeWriter output, CancellationToken ct)
        {
            await using var w = new Utf8JsonWriter((IBufferWriter<byte>)output, WriterOptions);
            w.WriteStartObject();
            Head(w);
            foreach (var (resource, mode) in Entries())
            {
                Entry(w, resource, mode);
                if (w.BytesPending >= FlushBytes)
                {
                    w.Flush();
                    await output.FlushAsync(ct);
                }
            }

            Tail(w);
            w.WriteEndObject();
            w.Flush();
        }

        private bool HasEntries => !CountOnly && Matches.Count + Included.Count > 0;

        private IEnumerable<(StoredResource Resource, string Mode)> Entries() =>
            HasEntries ? Matches.Select(m => (m, "match")).Concat(Included.Select(i => (i, "include"))) : [];

        private void Head(Utf8JsonWriter w)
        {
            Header(w, "searchset");
            w.WriteNumber("total", Total);
            BundleJson.Links(w, Links);

            // FHIR forbids empty arrays: no matches means no "entry" at all.
            if (HasEntries)
            {
                w.WriteStartArray("entry");
            }
        }

        private void Tail(Utf8JsonWriter w)
        {
            if (HasEntries)
            {
                w.WriteEndArray();
            }
        }

        private void Entry(Utf8JsonWriter w, StoredResource resource, string mode)
        {
            w.WriteStartObject();
            w.WriteString("fullUrl", $"{BaseUrl}/{resource.Type}/{resource.Id}");
            w.WritePropertyName("resource");
            WriteRaw(w, resource.Json!);
            w.WriteStartObject("search");
            w.WriteString("mode", mode);
            w.WriteEndObject();
            w.WriteEndObject();
        }
    }

    public static string History(string baseUrl, string selfUrl, IReadOnlyList<StoredResource> versions)
    {
        return Write(w =>
        {
            Header(w, "history");
            w.WriteNumber("total", versions.Count);
            Links(w, [("self", selfUrl)]);
            if (versions.Count == 0)
            {
                return;
            }

            w.WriteStartArray("entry");
            foreach (var version in versions)
            {
                w.WriteStartObject();
                w.WriteString("fullUrl", $"{baseUrl}/{version.Type}/{version.Id}");
                if (!version.Deleted)
                {
                    w.WritePropertyName("resource");
                    w.WriteRawValue(version.Json!, skipInputValidation: true);
                }

                var (method, url, status) = version switch
                {
                    { Deleted: true } => ("DELETE", $"{version.Type}/{version.Id}", 204),
                    { VersionId: 1 } => ("POST", version.Type, 201),
                    _ => ("PUT", $"{version.Type}/{version.Id}", 200),
                };
                w.WriteStartObject("request");
                w.WriteString("method", method);
                w.WriteString("url", url);
                w.WriteEndObject();
                w.WriteStartObject("response");
                w.WriteString("status", Status(status));
                w.WriteString("etag", version.ETag);
                w.WriteString("lastModified", Instant(version.LastUpdated));
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>batch-response / transaction-response: one entry per request entry, in request order.</summary>
    public static string Response(string bundleType, IReadOnlyList<FhirResult> results)
    {
        return Write(w =>
        {
            Header(w, bundleType);
            if (results.Count == 0)
            {
                return;
            }

            w.WriteStartArray("entry");
            foreach (var result in results)
            {
                w.WriteStartObject();
                if (result.ResourceUrl is not null)
                {
                    w.WriteString("fullUrl", result.ResourceUrl);
                }

                if (result.Body is { } body && !result.IsOutcome)
                {
                    w.WritePropertyName("resource");
                    w.WriteRawValue(body, skipInputValidation: true);
                }

                w.WriteStartObject("response");
                w.WriteString("status", Status(result.Status));
                if (result.Location is not null)
                {
                    w.WriteString("location", result.Location);
                }

                if (result.ETag is not null)
                {
                    w.WriteString("etag", result.ETag);
                }

                if (result.LastModified is { } modified)
                {
                    w.WriteString("lastModified", Instant(modified));
                }

                if (result.Json is not null && result.IsOutcome)
                {
                    w.WritePropertyName("outcome");
                    w.WriteRawValue(result.Json, skipInputValidation: true);
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>
    /// Stored JSON copied in as UTF-8. Utf8JsonWriter's own string overload reserves three bytes per character for
    /// transcoding, outside any pool: 12 MB for one 4 MB attribution roster Group.
    /// </summary>
    private static void WriteRaw(Utf8JsonWriter w, string json)
    {
        if (json.Length < 16 * 1024)
        {
            w.WriteRawValue(json, skipInputValidation: true);
            return;
        }

        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(json));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, bytes);
            w.WriteRawValue(bytes.AsSpan(0, length), skipInputValidation: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public static string Status(int status) => $"{status} {ReasonPhrases.GetReasonPhrase(status)}";

    public static string Instant(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    internal static string Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Header(Utf8JsonWriter w, string type)
    {
        w.WriteString("resourceType", "Bundle");
        w.WriteString("id", Guid.NewGuid().ToString());
        w.WriteStartObject("meta");
        w.WriteString("lastUpdated", Instant(DateTimeOffset.UtcNow));
        w.WriteEndObject();
        w.WriteString("type", type);
    }

    private static void Links(Utf8JsonWriter w, IReadOnlyList<(string Relation, string Url)> links)
    {
        w.WriteStartArray("link");
        foreach (var (relation, url) in links)
        {
            w.WriteStartObject();
            w.WriteString("relation", relation);
            w.WriteString("url", url);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
