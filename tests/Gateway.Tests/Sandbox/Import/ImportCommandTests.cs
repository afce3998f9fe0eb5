using Lead.Gateway.Sandbox.Import;
using Lead.Gateway.Sandbox.Search;
using Lead.Gateway.Sandbox.Storage;
using Lead.Gateway.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Lead.Gateway.Tests.Sandbox.Import;

public sealed class ImportCommandTests(ITestOutputHelper log) : IDisposable
{
    private readonly List<string> directories = [];

    public void Dispose()
    {
        foreach (var directory in directories)
        {
            SandboxHost.DeleteDataDirectory(directory);
        }
    }

    private const string SyntheaFolder = "/work/shared/data/synthea-r4/ndjson";

    [Fact]
    public async Task Import_MixedFile_LoadsGoodLinesAndReportsBadOnesByLine()
    {
        var dataDirectory = TempDirectory();
        var file = Path.Combine(dataDirectory, "mixed.ndjson");
        Directory.CreateDirectory(dataDirectory);
        await File.WriteAllLinesAsync(file,
        [
            """{"resourceType":"Patient","id":"imp-1","name":[{"family":"Secretname"}]}""",
            """{"resourceType":"Patient","id":"imp-2",""",
            """{"resourceType":"Observation","id":"imp-3","status":"final","code":{"text":"x"},"foo":"Secretvalue"}""",
            "",
            """{"resourceType":"Patient","id":"imp-1","name":[{"family":"Updated"}]}""",
        ]);
        var output = new StringWriter();

        var exit = await RunAsync(["--source", "hie-sandbox", file, "--DataDirectory", dataDirectory], dataDirectory, output);

        var text = output.ToString();
        log.WriteLine(text);
        Assert.Equal(0, exit);
        Assert.Contains("mixed.ndjson line 2", text, StringComparison.Ordinal);
        Assert.Contains("Observation/imp-3", text, StringComparison.Ordinal);
        Assert.Contains("'foo'", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret", text, StringComparison.Ordinal);
        Assert.Contains("Refused 2", text, StringComparison.Ordinal);
        var store = await OpenStoreAsync(dataDirectory);
        var patient = await store.ReadAsync("hie-sandbox", "Patient", "imp-1", CancellationToken.None);
        Assert.Equal(2, patient!.VersionId);
        Assert.Contains("Updated", patient.Json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_EverythingRefused_ExitsOne()
    {
        var dataDirectory = TempDirectory();
        Directory.CreateDirectory(dataDirectory);
        var file = Path.Combine(dataDirectory, "bad.ndjson");
        await File.WriteAllTextAsync(file, "not json\n");

        var exit = await RunAsync(["--source", "aco-sandbox", file], dataDirectory, new StringWriter());

        Assert.Equal(1, exit);
    }

    [Theory]
    [InlineData("--source", "nope-sandbox", "/tmp")]
    [InlineData("/tmp")]
    [InlineData("--source", "aco-sandbox", "/definitely/not/here")]
    public async Task Import_BadArguments_ExitsTwo(params string[] args)
    {
        var error = new StringWriter();

        var exit = await ImportCommand.RunAsync(args, new ConfigurationBuilder().Build(), new StringWriter(), error, CancellationToken.None);

        Assert.Equal(2, exit);
        Assert.Contains("Usage:", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SyntheaFolder_LoadsResourcesSearchableByPatient()
    {
        if (!Directory.Exists(SyntheaFolder))
        {
            log.WriteLine($"Skipped: {SyntheaFolder} is absent.");
            return;
        }

        var dataDirectory = TempDirectory();
        var output = new StringWriter();

        var exit = await RunAsync(["--source", "aco-sandbox", SyntheaFolder], dataDirectory, output);

        log.WriteLine(output.ToString());
        Assert.Equal(0, exit);
        var store = await OpenStoreAsync(dataDirectory);
        var patients = await store.SearchAsync("aco-sandbox", "Patient", SearchRequest.Parse("Patient", [new("_summary", "count")], 20, 100), CancellationToken.None);
        Assert.Equal(30, patients.Total);
        var expectedLines = Directory.EnumerateFiles(SyntheaFolder, "*.ndjson").Sum(f => File.ReadLines(f).Count(l => l.Length > 0));
        var loaded = await CountAllAsync(dataDirectory);
        Assert.True(loaded >= 12_871, $"loaded {loaded} of {expectedLines} lines");
        var firstPatient = File.ReadLines(Path.Combine(SyntheaFolder, "Patient.ndjson")).First();
        var patientId = System.Text.Json.JsonDocument.Parse(firstPatient).RootElement.GetProperty("id").GetString()!;
        var encounters = await store.SearchAsync("aco-sandbox", "Encounter", SearchRequest.Parse("Encounter", [new("patient", patientId)], 20, 100), CancellationToken.None);
        Assert.True(encounters.Total > 0);
    }

    private static async Task<int> RunAsync(string[] args, string dataDirectory, TextWriter output)
    {
        return await ImportCommand.RunAsync(args, Configuration(dataDirectory), output, output, CancellationToken.None);
    }

    /// <summary>The data directory's store as the gateway would open it (SQLite, or PostgreSQL under <see cref="TestStore"/>).</summary>
    private static IConfiguration Configuration(string dataDirectory) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DataDirectory"] = dataDirectory })
            .AddInMemoryCollection(TestStore.Settings(dataDirectory))
            .Build();

    private static Task<SandboxStore> OpenStoreAsync(string dataDirectory)
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<SandboxStore>()
            .AddPooledDbContextFactory<SandboxDbContext>(GatewayStore.FromConfiguration(Configuration(dataDirectory)).Configure)
            .BuildServiceProvider();
        return Task.FromResult(services.GetRequiredService<SandboxStore>());
    }

    private static async Task<int> CountAllAsync(string dataDirectory)
    {
        var options = new DbContextOptionsBuilder<SandboxDbContext>();
        GatewayStore.FromConfiguration(Configuration(dataDirectory)).Configure(options);
        await using var db = new SandboxDbContext(options.Options);
        return await db.Resources.CountAsync(r => r.Source == "aco-sandbox" && r.IsCurrent && !r.Deleted);
    }

    private string TempDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "sandbox-import-" + Guid.NewGuid().ToString("N"));
        directories.Add(directory);
        return directory;
    }
}
