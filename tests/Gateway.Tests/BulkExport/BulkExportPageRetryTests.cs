using Lead.Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>
/// Pages are streamed into the export file entry by entry: a connection that breaks half-way through a page must not
/// leave those entries behind when the page is read again.
/// </summary>
public sealed class BulkExportPageRetryTests
{
    [Fact]
    public async Task ConnectionBreaksMidPage_PageReadAgain_EveryResourceOnce()
    {
        var attempts = 0;
        var queries = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var upstream = Upstream();
        upstream.MapGet("/fhir/Patient", async (HttpContext c) =>
        {
            // Only the export's page requests (its own _count): the crosswalk indexer reads Patients too.
            if (c.Request.Query["_count"] == "77")
            {
                queries.Enqueue(c.Request.QueryString.Value ?? "");
            }

            var first = c.Request.Query["_count"] == "77" && Interlocked.Increment(ref attempts) == 1;
            c.Response.ContentType = "application/fhir+json";
            await c.Response.WriteAsync("""{"resourceType":"Bundle","type":"searchset","entry":[""");
            for (var i = 0; i < 60; i++)
            {
                if (first && i == 40)
                {
                    // Half a page is on the wire (and in the gateway's file): then the connection drops.
                    await c.Response.Body.FlushAsync();
                    await Task.Delay(TimeSpan.FromSeconds(1)); // let the gateway read (and write out) what was sent
                    c.Abort();
                    return;
                }

                await c.Response.WriteAsync((i > 0 ? "," : "") + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"flaky-" + i + "\",\"note\":\"" + new string('n', 12_000) + "\"},\"search\":{\"mode\":\"match\"}}");
            }

            await c.Response.WriteAsync("]}");
        });
        var (lines, errors) = await ExportThroughGatewayAsync(upstream);

        Assert.True(queries.Count == 2, string.Join(" | ", queries));
        Assert.Empty(errors);
        Assert.Equal(Enumerable.Range(0, 60).Select(i => "flaky-" + i), lines.Select(l => l.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task PageBreaksEveryTime_SourceFailed_FileHoldsOnlyCommittedLines()
    {
        await using var upstream = Upstream();
        upstream.MapGet("/fhir/Patient", async (HttpContext c) =>
        {
            var second = c.Request.Query.ContainsKey("_offset");
            c.Response.ContentType = "application/fhir+json";
            var next = second ? "" : ",\"link\":[{\"relation\":\"next\",\"url\":\"http://" + c.Request.Host + "/fhir/Patient?_count=77&_offset=40\"}]";
            await c.Response.WriteAsync("{\"resourceType\":\"Bundle\",\"type\":\"searchset\"" + next + ",\"entry\":[");
            for (var i = 0; i < 40; i++)
            {
                if (second && i == 30)
                {
                    // The second page always breaks after 30 entries (≈ 360 KB, so some were written to the file).
                    await c.Response.Body.FlushAsync();
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    c.Abort();
                    return;
                }

                var n = (second ? 40 : 0) + i;
                await c.Response.WriteAsync((i > 0 ? "," : "") + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"flaky-" + n + "\",\"note\":\"" + new string('n', 12_000) + "\"}}");
            }

            await c.Response.WriteAsync("]}");
        });
        var (lines, errors) = await ExportThroughGatewayAsync(upstream); // LinesAsync asserts each file holds exactly its manifest count

        Assert.Equal(Enumerable.Range(0, 40).Select(i => "flaky-" + i), lines.Select(l => l.GetProperty("id").GetString()));
        Assert.Single(errors);
    }

    private static WebApplication Upstream()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        return builder.Build();
    }

    /// <summary>Starts the upstream, then a gateway with it as source "flaky" (page size 77), and runs a Patient export.</summary>
    private static async Task<(List<System.Text.Json.JsonElement> Lines, List<System.Text.Json.JsonElement> Errors)> ExportThroughGatewayAsync(WebApplication upstream)
    {
        await upstream.StartAsync();
        var address = upstream.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:flaky:Kind"] = "hie",
            ["Sources:flaky:BaseUrl"] = address.TrimEnd('/') + "/fhir/",
            ["BulkExport:SourceTypes:flaky:0"] = "Patient",
            ["BulkExport:PollInterval"] = "00:00:00.200",
            ["BulkExport:PageSize"] = "77",
        });

        var manifest = await RunAsync(gateway.Client, "fhir/flaky/$export?_type=Patient");
        return (await LinesAsync(gateway.Client, manifest), await LinesAsync(gateway.Client, manifest, array: "error")); // each file holds exactly its manifest count
    }
}
