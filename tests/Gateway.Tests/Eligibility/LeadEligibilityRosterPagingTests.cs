using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Identity;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>
/// Rosters are read across pages within the source, streamed, and a roster read that stops before its last page makes
/// the source unknown: attribution is then "unknown", never "not attributed".
/// </summary>
public sealed class LeadEligibilityRosterPagingTests
{
    private const string SourceId = "aco-roster";

    private static readonly IReadOnlyDictionary<SeedPersonaKind, SeedPersona> Personas =
        SyntheticPopulation.Personas(SyntheticPopulation.DefaultPeople, SyntheticPopulation.DefaultSeed);

    [Fact]
    public async Task LeadEligibility_RosterOnSecondPage_Attributed()
    {
        await using var upstream = await RosterUpstream.StartAsync();

        var answer = await CheckAsync(upstream, "two-pages");

        Assert.Equal("found", EligibilityJson.Value(answer.Source(SourceId), "status"));
        Assert.Equal("attributed", answer.Status("attribution"));
        Assert.Contains(answer.Evidence("attribution"), e => e.EndsWith("Group/roster-2027", StringComparison.Ordinal));
        Assert.Equal(2, upstream.GroupQueries.Count);
        // Only the elements the check reads are asked for (a source may ignore it, as this one and the sandbox do).
        Assert.Contains("_elements=name,active,member", upstream.GroupQueries.First(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("repeat", "repeated a next link")]
    [InlineData("elsewhere", "outside its configured base URLs")]
    public async Task LeadEligibility_RosterReadCutOff_SourceUnknownNotNotAttributed(string mode, string reason)
    {
        await using var upstream = await RosterUpstream.StartAsync();

        // A person the sandbox knows and lists on no roster: only the cut-off roster source could attribute them.
        var answer = await CheckAsync(upstream, mode, Personas[SeedPersonaKind.MedicareAdvantageMember].Mbi);

        Assert.Equal("unknown", EligibilityJson.Value(answer.Source(SourceId), "status"));
        Assert.Contains(reason, EligibilityJson.Value(answer.Source(SourceId), "reason"), StringComparison.Ordinal);
        Assert.Equal("found", EligibilityJson.Value(answer.Source(SandboxSources.Aco), "status"));
        Assert.Equal("unknown", answer.Status("attribution"));
        Assert.DoesNotContain("not-attributed", answer.ReasonCodes);
    }

    /// <summary>A gateway with the sandbox sources and one roster source (the MBI is synthetic: only that source knows it).</summary>
    private static async Task<EligibilityJson> CheckAsync(RosterUpstream upstream, string mode, string? mbi = null)
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            [$"Sources:{SourceId}:Kind"] = "aco",
            [$"Sources:{SourceId}:BaseUrl"] = upstream.Base(mode),
            ["Identity:IndexSources"] = "false",
        });
        mbi ??= SyntheticPatients.Mbi();
        using var response = await gateway.Client.GetAsync(
            $"fhir/Patient/$lead-eligibility?identifier={Uri.EscapeDataString($"{LeadCanonicals.MbiSystem}|{mbi}")}&date=2027-03-01");
        return await EligibilityJson.ReadAsync(response);
    }
}
