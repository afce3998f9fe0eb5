using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Lead.Gateway.Tests.Infrastructure;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>
/// kill -9 of the gateway mid-export, then a restart on the same data directory: the job resumes from its saved
/// pages and completes with every resource exactly once.
/// </summary>
public sealed partial class BulkExportRestartTests
{
    private const string Types = "Patient,Observation,Coverage,ExplanationOfBenefit";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task KillMidExport_Restart_ResumesWithNoLostAndNoDuplicatedLines(bool acoDelegated)
    {
        var dataDirectory = TempDirectory.Create("bulk-restart");
        var address = GatewayProcess.FreeLoopbackAddress();
        var settings = new Dictionary<string, string?>
        {
            ["Sandbox:SeedPeople"] = "400",
            ["BulkExport:PageSize"] = "20",
            ["BulkExport:Parallelism"] = "1",
            ["BulkExport:LeaseDuration"] = "00:00:02",
            ["BulkExport:PollInterval"] = "00:00:00.200",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        if (acoDelegated)
        {
            // The ACO sandbox through its own $export: its job outlives the kill and is re-polled on the sandbox's new port.
            settings["Sources:aco-sandbox:Export:Mode"] = "delegate";
            settings["Sources:aco-sandbox:Export:PollInterval"] = "00:00:00.100";
        }

        GatewayProcess? gateway = null;
        try
        {
            gateway = GatewayProcess.Start(address, dataDirectory, settings);
            await gateway.WaitReadyAsync(address, TimeSpan.FromMinutes(2));
            using var client = await ClientAsync(address);
            var status = await StartAsync(client, $"fhir/$export?_type={Types}");

            var progress = await WaitForProgressAsync(client, status, minimumLines: 300);
            gateway.Kill();

            gateway.Dispose();
            gateway = GatewayProcess.Start(address, dataDirectory, settings);
            await gateway.WaitReadyAsync(address, TimeSpan.FromMinutes(2));
            using var again = await ClientAsync(address);
            var manifest = await WaitAsync(again, status, TimeSpan.FromMinutes(3));
            var lines = await LinesAsync(again, manifest);

            Assert.True(progress.Done < progress.Total, $"killed mid-way: {progress}");
            var exported = lines.Select(Key).ToList();
            Assert.Equal(exported.Count, exported.Distinct().Count());
            var expected = await DirectSearchAsync(again);
            Assert.Equal(expected.Order(StringComparer.Ordinal), exported.Order(StringComparer.Ordinal));
        }
        catch (Exception ex) when (gateway is not null && ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"Gateway output:\n{gateway.Output}", ex);
        }
        finally
        {
            gateway?.Dispose();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<HttpClient> ClientAsync(Uri address)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TestClients.GetTokenAsync(address, "system/*.rs"));
        return client;
    }

    private static async Task<Progress> WaitForProgressAsync(HttpClient client, Uri status, int minimumLines)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await client.GetAsync(status);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var match = ProgressPattern().Match(response.Headers.GetValues("X-Progress").First());
            if (match.Success && int.Parse(match.Groups[3].Value) >= minimumLines)
            {
                return new Progress(int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value), int.Parse(match.Groups[3].Value));
            }

            await Task.Delay(20);
        }

        throw new TimeoutException("The export made no progress.");
    }

    /// <summary>What each source holds, searched page by page through the gateway.</summary>
    private static async Task<List<string>> DirectSearchAsync(HttpClient client)
    {
        var keys = new List<string>();
        foreach (var source in new[] { "aco-sandbox", "medicaid-sandbox", "hie-sandbox" })
        {
            foreach (var type in Types.Split(','))
            {
                string? next = $"fhir/{source}/{type}?_count=500";
                while (next is not null)
                {
                    using var page = JsonDocument.Parse(await client.GetStringAsync(next));
                    if (page.RootElement.TryGetProperty("entry", out var entries))
                    {
                        keys.AddRange(entries.EnumerateArray().Select(e => $"{source}/{type}/{e.GetProperty("resource").GetProperty("id").GetString()}"));
                    }

                    next = page.RootElement.GetProperty("link").EnumerateArray()
                        .Where(l => l.GetProperty("relation").GetString() == "next").Select(l => l.GetProperty("url").GetString()).FirstOrDefault();
                }
            }
        }

        return keys;
    }

    [GeneratedRegex("^(\\d+)/(\\d+) searches done, (\\d+) resources$")]
    private static partial Regex ProgressPattern();

    private sealed record Progress(int Done, int Total, int Lines);
}
