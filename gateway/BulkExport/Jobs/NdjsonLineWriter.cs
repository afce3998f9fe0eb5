using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lead.Gateway.Routing;
using Lead.Profiles;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Turns a search page's matches into NDJSON lines, one resource at a time (the page is never re-serialized whole):
/// <c>meta.source</c> set to the source's gateway URL, a source tag added, <c>_elements</c> applied, and upstream URLs
/// rewritten to gateway URLs. Elements are copied as raw JSON, so the cost is a parse and a copy per resource.
/// </summary>
internal sealed class NdjsonLineWriter : IDisposable
{
    private const string SubsettedSystem = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);
    // A page's lines, in a pooled array: a fresh megabyte per search would land on the large object heap every time.
    private byte[] page = [];
    private int pageLength;
    private readonly Utf8JsonWriter writer;
    private readonly string sourceId;
    private readonly string sourceUrl;
    private readonly UrlRewriter rewriter;
    private readonly IReadOnlyList<string> elements;

    public NdjsonLineWriter(string sourceId, string sourceUrl, UrlRewriter rewriter, IReadOnlyList<string> elements)
    {
        (this.sourceId, this.sourceUrl, this.rewriter, this.elements) = (sourceId, sourceUrl, rewriter, elements);
        writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>Buffers a search entry's resource as a line when the entry is a <c>match</c>; true when it was.</summary>
    public bool AddEntry(JsonElement entry)
    {
        if (entry.TryGetProperty("search", out var search) && search.TryGetProperty("mode", out var mode) && mode.GetString() != "match")
        {
            return false;
        }

        if (!entry.TryGetProperty("resource", out var resource) || resource.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        WriteLine(resource);
        return true;
    }

    /// <summary>Drops lines buffered and not yet written (a page read again from its start).</summary>
    public void Discard() => pageLength = 0;

    /// <summary>Buffers one resource as a line (a delegated source's file is read line by line); <see cref="FlushAsync"/> writes the buffer.</summary>
    public void Add(JsonElement resource) => WriteLine(resource);

    /// <summary>Bytes buffered by <see cref="Add"/> and not yet written.</summary>
    public int Buffered => pageLength;

    /// <summary>Writes the buffered lines (rewriting upstream URLs, when there is a rewriter) and empties the buffer.</summary>
    public async Task FlushAsync(Stream output, CancellationToken ct)
    {
        // One rewrite pass per page, not per line: line breaks are URL boundaries, so nothing can match across lines.
        if (rewriter.IsEmpty || pageLength == 0)
        {
            await output.WriteAsync(page.AsMemory(0, pageLength), ct);
        }
        else
        {
            using var lines = new MemoryStream(page, 0, pageLength, writable: false);
            await rewriter.CopyAsync(lines, output, ct);
        }

        pageLength = 0;
    }

    public void Dispose()
    {
        writer.Dispose();
        if (page.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(page);
        }
    }

    private void WriteLine(JsonElement resource)
    {
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        var type = resource.TryGetProperty("resourceType", out var t) ? t.GetString() ?? "" : "";
        var keep = Applicable(type);
        var hasMeta = false;
        writer.WriteStartObject();
        foreach (var property in resource.EnumerateObject())
        {
            if (property.NameEquals("meta"))
            {
                WriteMeta(property.Value, keep.Count > 0);
                hasMeta = true;
            }
            else if (keep.Count == 0 || property.NameEquals("resourceType") || property.NameEquals("id") || keep.Contains(property.Name))
            {
                // Raw bytes, as the upstream sent them: no decoding and re-encoding of every nested value.
                writer.WritePropertyName(JsonMarshal.GetRawUtf8PropertyName(property));
                writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(property.Value), skipInputValidation: true);
            }
        }

        if (!hasMeta)
        {
            WriteMeta(default, keep.Count > 0);
        }

        writer.WriteEndObject();
        writer.Flush();
        Append(buffer.WrittenSpan);
        Append("\n"u8);
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (pageLength + bytes.Length > page.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(64 * 1024, (pageLength + bytes.Length) * 2));
            page.AsSpan(0, pageLength).CopyTo(larger);
            if (page.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(page);
            }

            page = larger;
        }

        bytes.CopyTo(page.AsSpan(pageLength));
        pageLength += bytes.Length;
    }

    private void WriteMeta(JsonElement meta, bool subsetted)
    {
        writer.WriteStartObject("meta");
        var tags = new List<JsonElement>();
        if (meta.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in meta.EnumerateObject())
            {
                if (property.NameEquals("tag") && property.Value.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(property.Value.EnumerateArray().Where(tag => !IsSourceTag(tag)));
                }
                else if (!property.NameEquals("source"))
                {
                    property.WriteTo(writer);
                }
            }
        }

        writer.WriteString("source", sourceUrl);
        writer.WriteStartArray("tag");
        foreach (var tag in tags)
        {
            tag.WriteTo(writer);
        }

        writer.WriteStartObject();
        writer.WriteString("system", LeadCanonicals.SourceTagSystem);
        writer.WriteString("code", sourceId);
        writer.WriteEndObject();
        if (subsetted)
        {
            // Bulk Data: resources cut down by _elements are marked SUBSETTED.
            writer.WriteStartObject();
            writer.WriteString("system", SubsettedSystem);
            writer.WriteString("code", "SUBSETTED");
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary><c>_elements</c> entries for this type (<c>name</c> or <c>Type.name</c>); empty means the whole resource.</summary>
    private HashSet<string> Applicable(string type)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in elements)
        {
            var dot = element.IndexOf('.', StringComparison.Ordinal);
            if (dot < 0)
            {
                set.Add(element);
            }
            else if (element.AsSpan(0, dot).SequenceEqual(type))
            {
                set.Add(element[(dot + 1)..]);
            }
        }

        return set;
    }

    private static bool IsSourceTag(JsonElement tag) =>
        tag.ValueKind == JsonValueKind.Object && tag.TryGetProperty("system", out var system) && system.GetString() == LeadCanonicals.SourceTagSystem;
}
