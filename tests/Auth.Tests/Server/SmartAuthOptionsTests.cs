using Lead.Auth.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Lead.Auth.Tests.Server;

public sealed class SmartAuthOptionsTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lead-auth-options-" + Guid.NewGuid().ToString("N"));

    public SmartAuthOptionsTests() => Directory.CreateDirectory(_directory);

    [Theory]
    [InlineData("Auth:BackendAccessTokenLifetimeSeconds", "600", "BackendAccessTokenLifetimeSeconds")]
    [InlineData("Auth:Clients:0:Jwks", null, "Jwks or JwksUri")]
    [InlineData("Auth:Clients:3:Type", "superuser", "Type must be")]
    [InlineData("Auth:Clients:1:ClientId", "backend-rs", "registered twice")]
    [InlineData("Auth:PathPrefix", "auth/", "PathPrefix")]
    public async Task SmartAuthOptions_BadConfiguration_StopsStartUp(string key, string? value, string message)
    {
        // MapSmartAuth reads the options, so a bad configuration already stops the host while it is being built.
        var exception = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = AuthServerFixture.Build(_directory, new() { [key] = value });
            await app.StartAsync();
        });

        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
