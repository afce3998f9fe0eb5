using System.Net;
using System.Net.Sockets;
using Lead.Gateway.Tests.Infrastructure;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>One source down: its failure is an OperationOutcome line naming it; the others still export.</summary>
public sealed class BulkExportPartialSuccessTests
{
    [Fact]
    public async Task OneSourceDown_OthersExport_ErrorFileNamesTheSource()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Sources:state-down:Kind"] = "medicaid",
            ["Sources:state-down:BaseUrl"] = $"http://127.0.0.1:{DeadPort()}/fhir/",
            ["Sources:state-down:Timeout"] = "00:00:02",
            ["BulkExport:PollInterval"] = "00:00:00.200",
        });

        var manifest = await RunAsync(gateway.Client, "fhir/$export?_type=Patient");
        var lines = await LinesAsync(gateway.Client, manifest);
        var errors = await LinesAsync(gateway.Client, manifest, array: "error");

        Assert.Equal(["aco-sandbox", "hie-sandbox", "medicaid-sandbox"], lines.Select(SourceOf).Distinct().Order());
        var error = Assert.Single(errors);
        Assert.Equal("OperationOutcome", error.GetProperty("resourceType").GetString());
        Assert.Contains("state-down", error.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
        var sources = manifest.GetProperty("extension").GetProperty("https://lead-gateway.org/fhir/bulk/sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("source").GetString()!, s => s.GetProperty("status").GetString());
        Assert.Equal("failed", sources["state-down"]);
        Assert.Equal("complete", sources["aco-sandbox"]);
    }

    /// <summary>A loopback port nobody listens on (bound, then released).</summary>
    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
