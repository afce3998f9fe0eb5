using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Identity;

/// <summary>
/// Re-indexing forgets the records a source no longer returns, but only after a read of every page, and never a link a
/// client asserted.
/// </summary>
public sealed class IndexerTests
{
    private static readonly Demographics Nobody = new("Synthetic", "Planted", "1950-01-01", "female", null);

    [Fact]
    public async Task Reindex_CutOffRead_RemovesNothing_CompleteRead_RemovesUnseenButKeepsAssertedLinks()
    {
        // The fake's Patient search repeats its next link from the second page on: its reading stops early.
        await using var upstream = await FakeUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:remote:Kind"] = "hie",
            ["Sources:remote:BaseUrl"] = upstream.Base,
            ["Identity:IndexInterval"] = "00:00:05",
        });
        var queries = await IdentityTestData.CrosswalkAsync(gateway);
        var store = gateway.Services.GetRequiredService<CrosswalkStore>();
        Assert.NotNull(await queries.RecordAsync("remote", "p1", CancellationToken.None));

        await store.UpsertAsync(new PatientFacts("remote", "planted-remote", [], Nobody), CancellationToken.None);
        await store.UpsertAsync(new PatientFacts(SandboxSources.Hie, "planted-asserted", [], Nobody), CancellationToken.None);
        await using (var db = await gateway.Services.GetRequiredService<IDbContextFactory<IdentityDbContext>>().CreateDbContextAsync())
        {
            await db.Records.Where(r => r.PatientId == "planted-asserted")
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.AssertedBy, "state-oh").SetProperty(r => r.Reason, "asserted by state-oh"));
        }

        // Two records the sandbox source does not hold, planted one pass apart: once the second is gone, a whole pass
        // (every source, the fake included) has run since the records above were planted.
        await PlantAndAwaitRemovalAsync(store, queries, "planted-unseen-1");
        await PlantAndAwaitRemovalAsync(store, queries, "planted-unseen-2");

        Assert.NotNull(await queries.RecordAsync("remote", "planted-remote", CancellationToken.None));
        Assert.NotNull(await queries.RecordAsync(SandboxSources.Hie, "planted-asserted", CancellationToken.None));
    }

    private static async Task PlantAndAwaitRemovalAsync(CrosswalkStore store, CrosswalkQueries queries, string patientId)
    {
        await store.UpsertAsync(new PatientFacts(SandboxSources.Hie, patientId, [], Nobody), CancellationToken.None);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (await queries.RecordAsync(SandboxSources.Hie, patientId, CancellationToken.None) is null)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"A complete re-index of {SandboxSources.Hie} never removed the planted record {patientId}.");
    }
}
