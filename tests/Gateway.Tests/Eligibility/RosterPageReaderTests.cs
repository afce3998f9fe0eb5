using System.Text;
using Lead.Gateway.Eligibility;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>The streamed roster page: only the patient's members kept, whatever the chunking and element sizes.</summary>
public sealed class RosterPageReaderTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public async Task RosterPage_AnyChunking_KeepsOnlyThePatientsMembersAndGroupElements(int chunk)
    {
        // A Group element larger than the reader's first buffer, and the patient's member after thousands of others.
        var narrative = new string('x', 100_000);
        var others = string.Join(",", Enumerable.Range(0, 2000).Select(i => "{\"entity\":{\"reference\":\"Patient/o" + i + "\"}}"));
        var json = $$$"""
            {"resourceType":"Bundle","type":"searchset","total":2,
             "link":[{"relation":"self","url":"http://up/fhir/Group?x"},{"relation":"next","url":"http://up/fhir/Group?page=2"}],
             "entry":[
              {"fullUrl":"http://up/fhir/Group/g1","resource":{"resourceType":"Group","id":"g1","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">{{{narrative}}}</div>"},
                "member":[{{{others}}},{"entity":{"reference":"http://up/fhir/Patient/p1"},"period":{"start":"2027-01-01"}}],"active":true,"type":"person","actual":true,"name":"R\u00e9seau"},
               "search":{"mode":"match"}},
              {"resource":{"resourceType":"OperationOutcome","issue":[{"severity":"information","code":"informational"}]},"search":{"mode":"outcome"}},
              {"resource":{"resourceType":"Group","id":"g2","type":"person","actual":true,"member":[{"entity":{"reference":"Patient/p10"}}]}}
             ]}
            """;

        await using var body = new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk);
        var (groups, next) = await RosterPageReader.ReadAsync(body, "p1", CancellationToken.None);

        Assert.Equal("http://up/fhir/Group?page=2", next);
        Assert.Equal(["g1", "g2"], groups.Select(g => g.Id));
        var member = Assert.Single(groups[0].Member);
        Assert.Equal("http://up/fhir/Patient/p1", member.Entity?.Reference);
        Assert.Equal("2027-01-01", member.Period?.Start);
        Assert.Equal("Réseau", groups[0].Name);
        Assert.True(groups[0].Active);
        Assert.Contains(narrative, groups[0].Text?.Div, StringComparison.Ordinal);
        Assert.Empty(groups[1].Member);
    }

    [Fact]
    public async Task RosterPage_CutMidway_NotARoster()
    {
        await using var body = new ChunkedStream("""{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Group","member":["""u8.ToArray(), 5);

        await Assert.ThrowsAsync<SourceAnswerException>(() => RosterPageReader.ReadAsync(body, "p1", CancellationToken.None));
    }

    /// <summary>Hands out at most <c>chunk</c> bytes per read, as a network stream may.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
