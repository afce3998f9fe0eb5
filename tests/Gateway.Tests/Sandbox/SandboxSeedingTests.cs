using System.Net;
using Hl7.Fhir.Model;

namespace Lead.Gateway.Tests.Sandbox;

public sealed class SandboxSeedingTests
{
    [Fact]
    public async Task Seeding_EmptyStore_LoadsWhatGenerateReturnsOnceOnly()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "sandbox-seed-" + Guid.NewGuid().ToString("N"));
        await using (var host = await SandboxHost.StartAsync(SandboxFixture.Population, dataDirectory))
        {
            using var aco = host.Client("aco-sandbox");
            using var hie = host.Client("hie-sandbox");
            using var medicaid = host.Client("medicaid-sandbox");

            var coverage = await Fhir.BodyAsync(await aco.GetAsync("Coverage/seed-c1"));
            Assert.Equal("Patient/seed-p1", coverage.GetProperty("beneficiary").GetProperty("reference").GetString());
            Assert.Equal(HttpStatusCode.OK, (await hie.GetAsync("Patient/seed-hie-1")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await hie.GetAsync("Patient/seed-p1")).StatusCode);
            Assert.Equal(0, (await Fhir.BodyAsync(await medicaid.GetAsync("Patient?_summary=count"))).GetProperty("total").GetInt32());
        }

        // A restart over the same data must not seed again (a different population proves it was not consulted).
        var other = new Dictionary<string, IReadOnlyList<Resource>> { ["aco-sandbox"] = [new Patient { Id = "second-start" }] };
        await using (var restarted = await SandboxHost.StartAsync(other, dataDirectory))
        {
            using var aco = restarted.Client("aco-sandbox");
            Assert.Equal(HttpStatusCode.NotFound, (await aco.GetAsync("Patient/second-start")).StatusCode);
            Assert.Equal(1, (await Fhir.BodyAsync(await aco.GetAsync("Patient?_summary=count"))).GetProperty("total").GetInt32());
            Assert.Equal("W/\"1\"", (await aco.GetAsync("Patient/seed-p1")).Headers.ETag!.ToString());
        }

        SandboxHost.DeleteDataDirectory(dataDirectory);
    }

    [Fact]
    public async Task Seeding_GeneratorThrows_StartsEmptyInsteadOfFailing()
    {
        await using var host = await SandboxHost.StartAsync(generate: (_, _) => throw new InvalidOperationException("broken generator"));
        using var aco = host.Client("aco-sandbox");

        var count = await Fhir.BodyAsync(await aco.GetAsync("Patient?_summary=count"));

        Assert.Equal(0, count.GetProperty("total").GetInt32());
    }
}
