using Lead.Auth.Clients;
using Lead.Auth.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace Lead.Auth.Tests.Clients;

public sealed class ClientsCommandTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lead-auth-cli-" + Guid.NewGuid().ToString("N"));

    public ClientsCommandTests() => Directory.CreateDirectory(_directory);

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Auth:Clients:0:ClientId"] = "from-config",
            ["Auth:Clients:0:Type"] = "backend",
            ["Auth:Clients:0:Jwks"] = TestKeys.PublicJwks(TestKeys.Rsa),
        }).Build();
        using var output = new StringWriter();
        var database = Path.Combine(_directory, "auth.db");
        var exit = await ClientsCommand.RunAsync(args, configuration, db => db.UseSqlite($"Data Source={database}"), output);
        return (exit, output.ToString());
    }

    private string WriteFile(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task ClientsCommand_AddListRemove_RoundTrips()
    {
        var jwks = WriteFile("jwks.json", TestKeys.PublicJwks(TestKeys.Ec));

        var added = await RunAsync("add", "--id", "state-mmis", "--type", "backend", "--jwks", jwks, "--scope", "system/*.rs", "--source", "medicaid", "--source", "hie");
        var listed = await RunAsync("list");
        var removed = await RunAsync("remove", "--id", "state-mmis");
        var listedAfter = await RunAsync("list");

        Assert.Equal(0, added.Exit);
        Assert.Contains("state-mmis\tbackend\tcli\tkeys=1 key(s)\tsources=medicaid,hie\tscopes=system/*.rs", listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, removed.Exit);
        Assert.DoesNotContain("state-mmis", listedAfter.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsCommand_JwksWithPrivateKey_Refused()
    {
        var privateJwk = Microsoft.IdentityModel.Tokens.JsonWebKeyConverter.ConvertFromRSASecurityKey(
            new Microsoft.IdentityModel.Tokens.RsaSecurityKey(TestKeys.Rsa.Rsa.ExportParameters(true)));
        var jwks = WriteFile("private.json", System.Text.Json.JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = "RSA", kid = "k1", n = privateJwk.N, e = privateJwk.E, d = privateJwk.D, p = privateJwk.P, q = privateJwk.Q } },
        }));

        var (exit, output) = await RunAsync("add", "--id", "leaky", "--type", "backend", "--jwks", jwks, "--scope", "system/*.rs");

        Assert.Equal(1, exit);
        Assert.Contains("private key material", output, StringComparison.Ordinal);
        Assert.DoesNotContain("leaky", (await RunAsync("list")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsCommand_BackendWithoutKeys_Refused()
    {
        var (exit, output) = await RunAsync("add", "--id", "nokeys", "--type", "backend", "--scope", "system/*.rs");

        Assert.Equal(1, exit);
        Assert.Contains("Jwks or JwksUri", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsCommand_ConfiguredClient_NotRemovable()
    {
        var (exit, output) = await RunAsync("remove", "--id", "from-config");

        Assert.Equal(1, exit);
        Assert.Contains("Auth:Clients", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientsCommand_UnknownVerb_PrintsUsage()
    {
        var (exit, output) = await RunAsync("frobnicate");

        Assert.Equal(1, exit);
        Assert.Contains("clients add", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
