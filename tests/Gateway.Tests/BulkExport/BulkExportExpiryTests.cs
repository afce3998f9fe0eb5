using System.Net;
using Lead.Gateway.Tests.Infrastructure;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>Jobs and files expire after <c>BulkExport:Retention</c>: 410 from then on.</summary>
public sealed class BulkExportExpiryTests
{
    [Fact]
    public async Task Retention_Elapsed_StatusAndFile410()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["BulkExport:Retention"] = "00:00:03",
            ["BulkExport:PollInterval"] = "00:00:00.200",
        });
        var status = await StartAsync(gateway.Client, "fhir/aco-sandbox/$export?_type=Group");
        var manifest = await WaitAsync(gateway.Client, status);
        var file = manifest.GetProperty("output")[0].GetProperty("url").GetString()!;

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        using var statusResponse = await gateway.Client.GetAsync(status);
        using var download = await gateway.Client.GetAsync(file);

        await OutcomeAssert.ReadAsync(statusResponse, HttpStatusCode.Gone);
        await OutcomeAssert.ReadAsync(download, HttpStatusCode.Gone);
    }
}
