using System.Text;
using System.Text.Json;
using Lead.Gateway.BulkExport.Jobs;

namespace Lead.Gateway.Tests.BulkExport;

public sealed class SearchPageReaderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task Read_AnyChunking_EveryEntryOnceInOrder_AndTheNextLink(int chunk)
    {
        // The link comes after the entries here, with an unknown property and nested arrays around them.
        var entries = Enumerable.Range(0, 50).Select(i =>
            Json($"{{'resource':{{'resourceType':'Observation','id':'o{i}','note':[{{'text':'{new string('x', i * 37)}'}}]}},'search':{{'mode':'match'}}}}"));
        var json = Json("{'resourceType':'Bundle','type':'searchset','total':50,'meta':{'tag':[{'code':'a'}]},'entry':[") + string.Join(",", entries)
            + Json("],'link':[{'relation':'self','url':'http://up/Observation'},{'relation':'next','url':'http://up/Observation?_offset=50'}]}");

        var (ids, next, chunks) = await ReadAsync(json, chunk);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => "o" + i), ids);
        Assert.Equal("http://up/Observation?_offset=50", next);
        Assert.True(chunks >= 1);
    }

    [Fact]
    public async Task Read_EntryLargerThanTheBuffer_GrowsAndReadsIt()
    {
        var big = new string('m', 300_000); // a roster Group of thousands of members is megabytes
        var json = Json("{'resourceType':'Bundle','link':[{'relation':'self','url':'http://up/Group'}],'entry':[{'resource':{'resourceType':'Group','id':'g1','name':'")
            + big + Json("'}},{'resource':{'resourceType':'Group','id':'g2'}}]}");

        var (ids, next, _) = await ReadAsync(json, 8192);

        Assert.Equal(["g1", "g2"], ids);
        Assert.Null(next);
    }

    [Fact]
    public async Task Read_NoEntries_NoCalls()
    {
        var (ids, next, _) = await ReadAsync("""{"resourceType":"Bundle","type":"searchset","total":0}""", 3);

        Assert.Empty(ids);
        Assert.Null(next);
    }

    [Theory]
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"id":"a"}}""")]
    [InlineData("""{"resourceType":"Bundle","entry":[{"resource":{"id":"a"}} oops""")]
    [InlineData("""[1,2,3]""")]
    public async Task Read_TruncatedOrNotABundle_Throws(string json)
    {
        await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(json, 5));
    }

    private static string Json(string singleQuoted) => singleQuoted.Replace('\'', '"');

    private static async Task<(List<string> Ids, string? Next, int Chunks)> ReadAsync(string json, int chunk)
    {
        using var reader = new SearchPageReader();
        await using var body = new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk);
        var ids = new List<string>();
        var chunks = 0;
        var next = await reader.ReadAsync(
            body,
            entry => ids.Add(entry.GetProperty("resource").GetProperty("id").GetString()!),
            () => { chunks++; return Task.CompletedTask; },
            CancellationToken.None);
        return (ids, next, chunks);
    }

    /// <summary>A network-like stream: never more than <c>chunk</c> bytes per read.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
