using System.Text;
using Lead.Gateway.Routing;

namespace Lead.Gateway.Tests.Routing;

public sealed class UrlRewriterTests
{
    private const string Upstream = "http://10.1.2.3:8080/fhir";
    private const string Gateway = "https://gw.example.org/fhir/hapi";

    private static async Task<string> StreamAsync(string input, int readSize, params string[] prefixes)
    {
        var rewriter = new UrlRewriter(prefixes.Length == 0 ? [Upstream] : prefixes, Gateway);
        using var source = new TrickleStream(Encoding.UTF8.GetBytes(input), readSize);
        using var destination = new MemoryStream();
        await rewriter.CopyAsync(source, destination, CancellationToken.None);
        return Encoding.UTF8.GetString(destination.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(25)]
    [InlineData(4096)]
    public async Task CopyAsync_MatchesSplitAcrossReads_AllRewritten(int readSize)
    {
        var input = string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"fullUrl\":\"{Upstream}/Patient/{i}\"}},"));
        var expected = string.Concat(Enumerable.Range(0, 200).Select(i => $"{{\"fullUrl\":\"{Gateway}/Patient/{i}\"}},"));

        var output = await StreamAsync(input, readSize);

        Assert.Equal(expected, output);
    }

    [Fact]
    public async Task CopyAsync_PrefixOfLongerPath_NotRewritten()
    {
        var input = $"\"{Upstream}2/Patient/1\" \"{Upstream}-other\" \"{Upstream}\" \"{Upstream}?a=b\"";

        var output = await StreamAsync(input, 5);

        Assert.Equal($"\"{Upstream}2/Patient/1\" \"{Upstream}-other\" \"{Gateway}\" \"{Gateway}?a=b\"", output);
    }

    [Fact]
    public async Task CopyAsync_MatchAtVeryEnd_Rewritten()
    {
        var output = await StreamAsync("see " + Upstream, 3);

        Assert.Equal("see " + Gateway, output);
    }

    [Fact]
    public async Task CopyAsync_SeveralPrefixes_EachRewritten()
    {
        var output = await StreamAsync("a http://public.hapi.example/fhir/Patient/1 b http://10.1.2.3:8080/fhir/Patient/2", 4,
            Upstream, "http://public.hapi.example/fhir");

        Assert.Equal($"a {Gateway}/Patient/1 b {Gateway}/Patient/2", output);
    }

    [Fact]
    public async Task CopyAsync_NoMatch_BytesUnchanged()
    {
        var input = "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Ünïcödé\"}]}";

        var output = await StreamAsync(input, 2);

        Assert.Equal(input, output);
    }

    [Fact]
    public void Rewrite_HeaderValue_Rewritten()
    {
        var rewriter = new UrlRewriter([Upstream + "/"], Gateway);

        Assert.Equal($"{Gateway}/Patient/1/_history/2", rewriter.Rewrite($"{Upstream}/Patient/1/_history/2"));
    }

    /// <summary>Hands out at most <c>readSize</c> bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int readSize) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
