using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Lead.Gateway.BulkExport.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Lead.Gateway.Tests.BulkExport.BulkExportDriver;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>
/// <c>Sources:{id}:Export:Mode=delegate</c>: the gateway runs the source's own <c>$export</c> (the sandbox's, or a fake
/// one that fails or stalls where needed) and streams its files into the job, over real HTTP with a real token.
/// </summary>
public sealed class BulkExportDelegateTests
{
    private const string Types = "Patient,Coverage,Observation,ExplanationOfBenefit";

    [Fact]
    public async Task DelegatedSandboxSource_SameResourcesAsSearchMode_MetaStamped()
    {
        var dataDirectory = TempDirectory.Create("bulk-delegate");
        Dictionary<string, string> searched, searchedPatients;
        await using (var gateway = await GatewayHost.StartAsync(Fast(), dataDirectory))
        {
            searched = await ExportAsync(gateway, $"fhir/$export?_type={Types}");
            searchedPatients = await ExportAsync(gateway, $"fhir/Patient/$export?_type={Types}");
        }

        await using (var gateway = await GatewayHost.StartAsync(Fast(new()
        {
            ["Sources:aco-sandbox:Export:Mode"] = "delegate",
            ["Sources:aco-sandbox:Export:PollInterval"] = "00:00:00.100",
        }), dataDirectory))
        {
            var delegated = await ExportAsync(gateway, $"fhir/$export?_type={Types}");
            var delegatedPatients = await ExportAsync(gateway, $"fhir/Patient/$export?_type={Types}");

            Assert.Contains(delegated.Keys, k => k.StartsWith("aco-sandbox/", StringComparison.Ordinal));
            Assert.Equal(searched.Keys.Order(StringComparer.Ordinal), delegated.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(searchedPatients.Keys.Order(StringComparer.Ordinal), delegatedPatients.Keys.Order(StringComparer.Ordinal));
            // Bodies as the source holds them, meta.source aside (it names each gateway's own address).
            Assert.All(delegated, line => Assert.Equal(searched[line.Key], line.Value));

            await using var db = await gateway.Services.GetRequiredService<IDbContextFactory<BulkExportDbContext>>().CreateDbContextAsync();
            var parts = await db.Delegations.ToListAsync();
            Assert.Equal(2, parts.Count);
            Assert.All(parts, p => Assert.True(p.SourceId == "aco-sandbox" && p.Done && p.StatusUrl is not null));
            Assert.Contains(parts, p => p.KickOffUrl.StartsWith("Patient/$export?", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DelegatedSourceJobFails_ErrorLineNamesIt_OtherSourcesComplete()
    {
        await using var fake = await FakeBulkSource.StartAsync();
        fake.StatusFails = true;
        await using var gateway = await GatewayHost.StartAsync(Fast(FakeSettings(fake)));

        var manifest = await RunAsync(gateway.Client, "fhir/$export?_type=Patient");
        var lines = await LinesAsync(gateway.Client, manifest);
        var errors = await LinesAsync(gateway.Client, manifest, array: "error");

        Assert.Equal(["aco-sandbox", "hie-sandbox", "medicaid-sandbox"], lines.Select(SourceOf).Distinct().Order());
        var error = Assert.Single(errors);
        var diagnostics = error.GetProperty("issue")[0].GetProperty("diagnostics").GetString()!;
        Assert.Contains("fake-bulk", diagnostics, StringComparison.Ordinal);
        Assert.DoesNotContain("db-host-7", error.GetRawText(), StringComparison.Ordinal);
        Assert.Equal("failed", SourceStates(manifest)["fake-bulk"]);
        Assert.Equal("complete", SourceStates(manifest)["aco-sandbox"]);
        // Kicked off and polled with the gateway's own credentials for the source; told to drop the failed job.
        Assert.Equal(1, fake.KickOffs);
        Assert.All(fake.Requests, r => Assert.Equal("Bearer upstream-secret", r.Authorization));
        Assert.Contains(fake.Requests, r => r.Method == "DELETE" && r.Path == "/fhir/$export-status/job1");
    }

    [Fact]
    public async Task DelegatedSource_RetryAfterThenManifest_LinesStampedErrorFileMerged()
    {
        await using var fake = await FakeBulkSource.StartAsync();
        (fake.PendingPolls, fake.WithErrorFile, fake.WithWrongTypeLine) = (1, true, true);
        await using var gateway = await GatewayHost.StartAsync(Fast(FakeSettings(fake)));

        var manifest = await RunAsync(gateway.Client, "fhir/fake-bulk/$export?_type=Patient");
        var lines = await LinesAsync(gateway.Client, manifest);
        var errors = await LinesAsync(gateway.Client, manifest, array: "error");

        Assert.Equal(Enumerable.Range(1, fake.Patients).Select(i => $"fake-{i}"), lines.Select(l => l.GetProperty("id").GetString()));
        Assert.All(lines, line =>
        {
            Assert.Equal("Patient", line.GetProperty("resourceType").GetString());
            Assert.Equal(new Uri(gateway.BaseAddress, "fhir/fake-bulk").AbsoluteUri, line.GetProperty("meta").GetProperty("source").GetString());
            Assert.Equal("fake-bulk", SourceOf(line));
            // The source's own tags and meta stay.
            Assert.Contains(line.GetProperty("meta").GetProperty("tag").EnumerateArray(), t => t.GetProperty("code").GetString() == "kept");
            Assert.Equal("1", line.GetProperty("meta").GetProperty("versionId").GetString());
        });
        var sourceError = Assert.Single(errors);
        Assert.Equal("err-1", sourceError.GetProperty("id").GetString());
        Assert.Equal("fake-bulk", SourceOf(sourceError));
        Assert.Equal("partial", SourceStates(manifest)["fake-bulk"]);
        Assert.True(fake.Requests.Count(r => r.Path.StartsWith("/fhir/$export-status/", StringComparison.Ordinal) && r.Method == "GET") >= 2);
        Assert.DoesNotContain(fake.Requests, r => r.Path.EndsWith("/Observation.ndjson", StringComparison.Ordinal));
        Assert.All(fake.Requests.Where(r => r.Path.StartsWith("/fhir/files/", StringComparison.Ordinal)), r => Assert.Equal("Bearer upstream-secret", r.Authorization));
        Assert.Contains(fake.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task DelegatedSourceNeverFinishes_MaxDuration_TimeoutLineAndSourceJobDeleted()
    {
        await using var fake = await FakeBulkSource.StartAsync();
        fake.PendingPolls = int.MaxValue;
        await using var gateway = await GatewayHost.StartAsync(Fast(FakeSettings(fake, new() { ["Sources:fake-bulk:Export:MaxDuration"] = "00:00:02" })));

        var manifest = await RunAsync(gateway.Client, "fhir/fake-bulk/$export?_type=Patient");
        var error = Assert.Single(await LinesAsync(gateway.Client, manifest, array: "error"));

        Assert.Equal("timeout", error.GetProperty("issue")[0].GetProperty("code").GetString());
        Assert.Empty(manifest.GetProperty("output").EnumerateArray());
        Assert.Equal("failed", SourceStates(manifest)["fake-bulk"]);
        Assert.Contains(fake.Requests, r => r.Method == "DELETE" && r.Path == "/fhir/$export-status/job1");
    }

    [Fact]
    public async Task CancelWhileSourceRuns_SourceJobDeleted()
    {
        await using var fake = await FakeBulkSource.StartAsync();
        fake.PendingPolls = int.MaxValue;
        await using var gateway = await GatewayHost.StartAsync(Fast(FakeSettings(fake, new() { ["BulkExport:LeaseDuration"] = "00:00:03" })));
        var status = await StartAsync(gateway.Client, "fhir/fake-bulk/$export?_type=Patient");
        await WaitUntilAsync(() => fake.Requests.Any(r => r.Path == "/fhir/$export-status/job1"));

        using var cancel = await gateway.Client.DeleteAsync(status);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        await WaitUntilAsync(() => fake.Requests.Any(r => r.Method == "DELETE" && r.Path == "/fhir/$export-status/job1"));
        using var gone = await gateway.Client.GetAsync(status);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task DelegatedSourceDown_PartialSuccess()
    {
        await using var gateway = await GatewayHost.StartAsync(Fast(new()
        {
            ["Sources:state-down:Kind"] = "medicaid",
            ["Sources:state-down:BaseUrl"] = $"http://127.0.0.1:{DeadPort()}/fhir/",
            ["Sources:state-down:Timeout"] = "00:00:02",
            ["Sources:state-down:Export:Mode"] = "delegate",
            ["BulkExport:SourceTypes:state-down:0"] = "Patient",
        }));

        var manifest = await RunAsync(gateway.Client, "fhir/$export?_type=Patient");
        var lines = await LinesAsync(gateway.Client, manifest);
        var errors = await LinesAsync(gateway.Client, manifest, array: "error");

        Assert.Equal(["aco-sandbox", "hie-sandbox", "medicaid-sandbox"], lines.Select(SourceOf).Distinct().Order());
        var error = Assert.Single(errors);
        Assert.Contains("state-down", error.GetProperty("issue")[0].GetProperty("diagnostics").GetString(), StringComparison.Ordinal);
        Assert.Equal("failed", SourceStates(manifest)["state-down"]);
    }

    [Fact]
    public async Task DelegatedPartInterrupted_Restart_RepollsSameJob_ResumesFileWithoutDuplicates()
    {
        await using var fake = await FakeBulkSource.StartAsync();
        (fake.Patients, fake.StallAfter) = (57, 25);
        var dataDirectory = TempDirectory.Create("bulk-delegate-resume");
        var settings = Fast(FakeSettings(fake, new()
        {
            ["BulkExport:PageSize"] = "10",
            ["BulkExport:LeaseDuration"] = "00:00:02",
        }));
        Uri status;
        await using (var first = await GatewayHost.StartAsync(settings, dataDirectory))
        {
            status = await StartAsync(first.Client, "fhir/fake-bulk/$export?_type=Patient");
            // Two commits of ten lines; five more sit unconfirmed when the gateway goes away.
            await WaitForAsync(first, t => t.Lines >= 20);
        }

        var polls = fake.Requests.Count(r => r.Path.StartsWith("/fhir/$export-status/", StringComparison.Ordinal));
        fake.Release();
        await using var second = await GatewayHost.StartAsync(settings, dataDirectory);
        var manifest = await WaitAsync(second.Client, new Uri(second.BaseAddress, status.PathAndQuery));
        var lines = await LinesAsync(second.Client, manifest);

        var ids = lines.Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, 57).Select(i => $"fake-{i}"), ids);
        Assert.Equal(1, fake.KickOffs);
        Assert.True(fake.Requests.Count(r => r.Path.StartsWith("/fhir/$export-status/", StringComparison.Ordinal)) > polls, "re-polled after restart");
        Assert.All(fake.Requests.Where(r => r.Path.StartsWith("/fhir/$export-status/", StringComparison.Ordinal)), r => Assert.Equal("/fhir/$export-status/job1", r.Path));
    }

    [Fact]
    public async Task DelegatedDownload_LeaseTakenByAnotherReplica_StopsWithoutRecording_ThenResumesExactly()
    {
        await using var fake = await FakeBulkSource.StartAsync();
        (fake.Patients, fake.StallAfter) = (57, 25);
        await using var gateway = await GatewayHost.StartAsync(Fast(FakeSettings(fake, new()
        {
            ["BulkExport:PageSize"] = "10",
            ["BulkExport:LeaseDuration"] = "00:00:02",
        })));
        var factory = gateway.Services.GetRequiredService<IDbContextFactory<BulkExportDbContext>>();
        var status = await StartAsync(gateway.Client, "fhir/fake-bulk/$export?_type=Patient");
        await WaitForAsync(gateway, t => t.Lines >= 20);

        // Another replica takes the job (as after a stalled renewal): this one must notice at its next renewal and stop.
        await using (var db = await factory.CreateDbContextAsync())
        {
            var taken = await db.Jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.LeaseOwner, "another-replica")
                .SetProperty(j => j.LeaseExpires, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds()));
            Assert.Equal(1, taken);
        }

        var downloadsBefore = fake.Requests.Count(r => r.Path.Contains("/files/", StringComparison.Ordinal));
        fake.Release();
        // Long enough for several renewals (every LeaseDuration/3) and for any write the old holder might still attempt.
        await Task.Delay(TimeSpan.FromSeconds(3));

        await using (var db = await factory.CreateDbContextAsync())
        {
            var job = await db.Jobs.AsNoTracking().SingleAsync();
            Assert.Equal(("another-replica", ExportJobStatus.Running), (job.LeaseOwner, job.Status));
            Assert.Equal(20, (await db.Tasks.AsNoTracking().SingleAsync()).Lines);
            Assert.Empty(await db.Errors.AsNoTracking().ToListAsync());
            Assert.False((await db.Delegations.AsNoTracking().SingleAsync()).Done);
        }

        // The source's job belongs to the new holder now: the old one neither cancels it nor reads further.
        Assert.DoesNotContain(fake.Requests, r => r.Method == "DELETE");
        Assert.Equal(downloadsBefore, fake.Requests.Count(r => r.Path.Contains("/files/", StringComparison.Ordinal)));

        // The other replica goes away without finishing: its lease lapses and the job resumes here, exactly once per line.
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Jobs.ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpires, 0L));
        }

        var manifest = await WaitAsync(gateway.Client, status);
        var ids = (await LinesAsync(gateway.Client, manifest)).Select(l => l.GetProperty("id").GetString()).ToList();
        Assert.Equal(Enumerable.Range(1, 57).Select(i => $"fake-{i}"), ids);
        Assert.Empty(manifest.GetProperty("error").EnumerateArray());
        Assert.Equal(1, fake.KickOffs);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the expected request never reached the source");
    }

    private static async Task WaitForAsync(GatewayHost gateway, Func<ExportTaskRow, bool> condition)
    {
        var factory = gateway.Services.GetRequiredService<IDbContextFactory<BulkExportDbContext>>();
        for (var i = 0; i < 600; i++)
        {
            await using var db = await factory.CreateDbContextAsync();
            if ((await db.Tasks.AsNoTracking().ToListAsync()).Any(condition))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The delegated download made no progress.");
    }

    /// <summary>Every line of an export by key (source/type/id), as JSON text without <c>meta.source</c>.</summary>
    private static async Task<Dictionary<string, string>> ExportAsync(GatewayHost gateway, string path)
    {
        var manifest = await RunAsync(gateway.Client, path);
        var lines = await LinesAsync(gateway.Client, manifest);
        Assert.Empty(manifest.GetProperty("error").EnumerateArray());
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            var source = SourceOf(line);
            Assert.Equal(new Uri(gateway.BaseAddress, $"fhir/{source}").AbsoluteUri, line.GetProperty("meta").GetProperty("source").GetString());
            var node = JsonNode.Parse(line.GetRawText())!.AsObject();
            node["meta"]!.AsObject().Remove("source");
            Assert.True(result.TryAdd(Key(line), node.ToJsonString()), $"duplicate {Key(line)}");
        }

        return result;
    }

    private static Dictionary<string, string?> FakeSettings(FakeBulkSource fake, Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sources:fake-bulk:Kind"] = "hie",
            ["Sources:fake-bulk:BaseUrl"] = fake.BaseAddress.AbsoluteUri,
            ["Sources:fake-bulk:Auth:Mode"] = "bearer",
            ["Sources:fake-bulk:Auth:Token"] = "upstream-secret",
            ["Sources:fake-bulk:Export:Mode"] = "delegate",
            ["Sources:fake-bulk:Export:PollInterval"] = "00:00:00.100",
            ["BulkExport:SourceTypes:fake-bulk:0"] = "Patient",
        };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Dictionary<string, string?> Fast(Dictionary<string, string?>? settings = null)
    {
        settings ??= [];
        settings.TryAdd("BulkExport:PollInterval", "00:00:00.200");
        return settings;
    }

    private static Dictionary<string, string?> SourceStates(JsonElement manifest) =>
        manifest.GetProperty("extension").GetProperty("https://lead-gateway.org/fhir/bulk/sources").EnumerateArray()
            .ToDictionary(s => s.GetProperty("source").GetString()!, s => s.GetProperty("status").GetString());

    private static int DeadPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
