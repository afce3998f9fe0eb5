using System.Buffers;
using System.Text;

namespace Lead.Gateway.Routing;

/// <summary>
/// Replaces upstream base URLs with the gateway's URL for that source, streaming: responses are rewritten as bytes,
/// chunk by chunk, without parsing or buffering whole Bundles. A match counts only when followed by a URL boundary
/// (<c>/ ? # " ' \ &lt;</c>, whitespace or the end), so <c>…/aco</c> never rewrites <c>…/aco2</c>.
/// </summary>
internal sealed class UrlRewriter
{
    private const int ChunkSize = 32 * 1024;
    private readonly byte[][] patterns;
    private readonly byte[] replacement;
    private readonly string[] textPatterns;
    private readonly string textReplacement;
    private readonly int longest;
    private readonly int outputSize;

    public UrlRewriter(IEnumerable<string> upstreamPrefixes, string gatewayPrefix)
    {
        // Longest first, so a more specific configured prefix wins over the base it extends.
        textPatterns = upstreamPrefixes.Select(p => p.TrimEnd('/')).Where(p => p.Length > 0).Distinct()
            .OrderByDescending(p => p.Length).ToArray();
        textReplacement = gatewayPrefix.TrimEnd('/');
        patterns = textPatterns.Select(Encoding.UTF8.GetBytes).ToArray();
        replacement = Encoding.UTF8.GetBytes(textReplacement);
        longest = patterns.Length == 0 ? 0 : patterns.Max(p => p.Length);
        var shortest = patterns.Length == 0 ? 1 : patterns.Min(p => p.Length);
        outputSize = (ChunkSize + longest) * (replacement.Length / shortest + 1) + replacement.Length;
    }

    public bool IsEmpty => patterns.Length == 0;

    /// <summary>Rewrites one header value (Location, Content-Location, Link).</summary>
    public string Rewrite(string value)
    {
        if (IsEmpty)
        {
            return value;
        }

        var bytes = Encoding.UTF8.GetBytes(value);
        using var output = new MemoryStream(bytes.Length + 64);
        RewriteBlock(bytes, bytes.Length, final: true, output, out _);
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>Rewrites a whole buffered body (used for request bodies the gateway already holds).</summary>
    public byte[] Rewrite(byte[] body)
    {
        if (IsEmpty || body.Length == 0)
        {
            return body;
        }

        using var output = new MemoryStream(body.Length + 256);
        RewriteBlock(body, body.Length, final: true, output, out _);
        return output.ToArray();
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/>, rewriting as it goes.</summary>
    public async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        if (IsEmpty)
        {
            await source.CopyToAsync(destination, cancellationToken);
            return;
        }

        // A match plus its boundary byte may straddle two reads: keep that many bytes back until the next read.
        // Output is assembled in a second pooled buffer and written once per chunk: a Bundle has dozens of URLs, and
        // one write per piece would cost more than the copying.
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize + longest);
        var output = ArrayPool<byte>.Shared.Rent(outputSize);
        try
        {
            var carried = 0;
            while (true)
            {
                var read = await source.ReadAsync(buffer.AsMemory(carried, ChunkSize), cancellationToken);
                var length = carried + read;
                var final = read == 0;
                var (written, flushTo) = RewriteChunk(buffer, length, final, output);
                await FlushAsync(destination, output, written, cancellationToken);
                if (final)
                {
                    return;
                }

                carried = length - flushTo;
                Buffer.BlockCopy(buffer, flushTo, buffer, 0, carried);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<byte>.Shared.Return(output);
        }
    }

    /// <summary>
    /// Rewrites <c>buffer[0..length)</c> up to its safe end into <paramref name="output"/>, which is sized for the worst
    /// case of one chunk (every byte part of a match growing to the replacement).
    /// </summary>
    private (int Written, int FlushTo) RewriteChunk(byte[] buffer, int length, bool final, byte[] output)
    {
        var safeEnd = final ? length : Math.Max(0, length - longest);
        var position = 0;
        var written = 0;
        while (NextMatch(buffer, position, length, safeEnd, final) is (>= 0 and var start, var matched))
        {
            written = Append(output, written, buffer.AsSpan(position, start - position));
            written = Append(output, written, replacement);
            position = start + matched;
        }

        var flushTo = Math.Max(position, safeEnd);
        written = Append(output, written, buffer.AsSpan(position, flushTo - position));
        return (written, flushTo);
    }

    private static int Append(byte[] output, int written, ReadOnlySpan<byte> piece)
    {
        piece.CopyTo(output.AsSpan(written));
        return written + piece.Length;
    }

    private static async ValueTask FlushAsync(Stream destination, byte[] output, int count, CancellationToken cancellationToken)
    {
        if (count > 0)
        {
            await destination.WriteAsync(output.AsMemory(0, count), cancellationToken);
        }
    }

    /// <summary>
    /// Writes the rewritten form of <c>buffer[0..length)</c> (used for whole buffers: headers, request bodies).
    /// </summary>
    private void RewriteBlock(byte[] buffer, int length, bool final, Stream output, out int consumed)
    {
        var safeEnd = final ? length : Math.Max(0, length - longest);
        var position = 0;
        while (NextMatch(buffer, position, length, safeEnd, final) is (>= 0 and var start, var matched))
        {
            output.Write(buffer, position, start - position);
            output.Write(replacement, 0, replacement.Length);
            position = start + matched;
        }

        var flushTo = Math.Max(position, safeEnd);
        output.Write(buffer, position, flushTo - position);
        consumed = flushTo;
    }

    /// <summary>
    /// The next match at or after <paramref name="from"/> that starts before <paramref name="safeEnd"/> (so the pattern
    /// and its boundary byte are inside the buffer) and is followed by a URL boundary; (-1, 0) when there is none.
    /// </summary>
    private (int Start, int Length) NextMatch(byte[] buffer, int from, int length, int safeEnd, bool final)
    {
        var searchFrom = from;
        while (searchFrom < safeEnd)
        {
            var (index, pattern) = FindEarliest(buffer.AsSpan(searchFrom, length - searchFrom));
            if (index < 0 || searchFrom + index >= safeEnd)
            {
                break;
            }

            var start = searchFrom + index;
            var end = start + pattern.Length;
            if (end < length ? IsBoundary(buffer[end]) : final)
            {
                return (start, pattern.Length);
            }

            searchFrom = start + 1;
        }

        return (-1, 0);
    }

    private (int Index, byte[] Pattern) FindEarliest(ReadOnlySpan<byte> span)
    {
        var best = -1;
        byte[] found = [];
        foreach (var pattern in patterns)
        {
            var limit = best < 0 ? span.Length : Math.Min(span.Length, best + pattern.Length);
            var index = span[..limit].IndexOf(pattern);
            if (index >= 0 && (best < 0 || index < best))
            {
                best = index;
                found = pattern;
            }
        }

        return (best, found);
    }

    private static bool IsBoundary(byte b) =>
        b is (byte)'/' or (byte)'?' or (byte)'#' or (byte)'"' or (byte)'\'' or (byte)'\\' or (byte)'<' or (byte)' '
            or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',' or (byte)'>' or (byte)';';
}
