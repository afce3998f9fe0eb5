using System.Buffers;
using System.Text.Json;

namespace Lead.Gateway.BulkExport.Jobs;

/// <summary>
/// Reads a searchset Bundle from the upstream's response stream one entry at a time, so a page of a thousand resources
/// never sits in memory whole: only the entry being parsed (plus a 64 KB read buffer) does. Parsing a whole page into a
/// <see cref="JsonDocument"/> put megabyte buffers on the large object heap for every page of an export, which the GC
/// reclaims late (measured: +100 MB of resident memory over a 240,000-resource export).
/// </summary>
internal sealed class SearchPageReader : IDisposable
{
    private const int InitialBuffer = 64 * 1024;
    private const int MaxEntryBytes = 256 * 1024 * 1024;

    private byte[] buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int start;
    private int end;
    private bool final;
    private JsonReaderState state;
    private Position position;
    private string? next;

    private enum Position
    {
        Start,
        Bundle,
        Entries,
        Done,
    }

    /// <summary>
    /// Calls <paramref name="onEntry"/> for each element of <c>entry</c> as it arrives and <paramref name="afterChunk"/>
    /// after each chunk read (to write out what was buffered). Returns the Bundle's <c>next</c> link, if any.
    /// </summary>
    public async Task<string?> ReadAsync(Stream body, Action<JsonElement> onEntry, Func<Task> afterChunk, CancellationToken ct)
    {
        while (position != Position.Done)
        {
            if (end == buffer.Length)
            {
                MakeRoom();
            }

            var read = await body.ReadAsync(buffer.AsMemory(end), ct);
            end += read;
            final = read == 0;
            Process(onEntry);
            if (position != Position.Done && final)
            {
                throw new JsonException("The search result ended before the Bundle did.");
            }

            await afterChunk();
        }

        return next;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = [];
    }

    private void MakeRoom()
    {
        if (start > 0)
        {
            // Keep the unread tail (an entry still arriving) at the front.
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            end -= start;
            start = 0;
            if (end <= buffer.Length / 2)
            {
                return;
            }
        }

        // One entry fills most of the buffer (an attribution roster Group can be megabytes): grow.
        if (buffer.Length >= MaxEntryBytes)
        {
            throw new JsonException($"A search entry is larger than {MaxEntryBytes / (1024 * 1024)} MB.");
        }

        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
        buffer.AsSpan(0, end).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    private void Process(Action<JsonElement> onEntry)
    {
        var reader = new Utf8JsonReader(buffer.AsSpan(start, end - start), final, state);
        while (position != Position.Done && Step(ref reader, onEntry))
        {
        }

        start += (int)reader.BytesConsumed;
        state = reader.CurrentState;
    }

    /// <summary>Consumes one complete token or value; false (reader left where it was) when more data is needed.</summary>
    private bool Step(ref Utf8JsonReader reader, Action<JsonElement> onEntry)
    {
        var checkpoint = reader;
        switch (position)
        {
            case Position.Start:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("The search result is not a JSON object.");
                }

                position = Position.Bundle;
                return true;

            case Position.Bundle:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndObject)
                {
                    position = Position.Done;
                    return true;
                }

                var isEntry = reader.ValueTextEquals("entry"u8);
                var isLink = reader.ValueTextEquals("link"u8);
                if (!reader.Read())
                {
                    reader = checkpoint;
                    return false;
                }

                if (isEntry && reader.TokenType == JsonTokenType.StartArray)
                {
                    position = Position.Entries;
                    return true;
                }

                if (isLink)
                {
                    if (!JsonDocument.TryParseValue(ref reader, out var links))
                    {
                        reader = checkpoint;
                        return false;
                    }

                    using (links)
                    {
                        next = ExportPages.NextIn(links.RootElement);
                    }

                    return true;
                }

                if (!reader.TrySkip())
                {
                    reader = checkpoint;
                    return false;
                }

                return true;

            case Position.Entries:
                if (!reader.Read())
                {
                    return false;
                }

                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    position = Position.Bundle;
                    return true;
                }

                if (!JsonDocument.TryParseValue(ref reader, out var entry))
                {
                    reader = checkpoint;
                    return false;
                }

                using (entry)
                {
                    onEntry(entry.RootElement);
                }

                return true;

            default:
                return false;
        }
    }
}
