using System.Net;
using System.Net.Http.Json;
using Lead.Gateway.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Lead.Gateway.Tests.Storage;

/// <summary>
/// The store the gateways under test really use: SQLite in the data directory by default, PostgreSQL when the run
/// sets <see cref="TestStore.Variable"/> (as <c>.ci/run</c>'s second pass does). A write through the FHIR API must land
/// in that database, so a run that claims PostgreSQL cannot silently test SQLite.
/// </summary>
public sealed class StoreSelectionTests
{
    [Fact]
    public async Task GatewayUnderTest_WritesLandInTheStoreTheRunAsksFor()
    {
        await using var gateway = await GatewayHost.StartAsync();
        var store = gateway.Services.GetRequiredService<GatewayStore>();
        var id = "store-probe-" + Guid.NewGuid().ToString("N")[..12];
        using var put = await gateway.Client.PutAsync($"fhir/hie-sandbox/Basic/{id}", JsonContent.Create(new
        {
            resourceType = "Basic",
            id,
            code = new { text = "store selection probe" },
        }, mediaType: new("application/fhir+json")));
        Assert.Equal(HttpStatusCode.Created, put.StatusCode);

        const string Query = "SELECT COUNT(*) FROM sandbox_resources WHERE \"Source\" = 'hie-sandbox' AND \"Type\" = 'Basic' AND \"Id\" = @id";
        long rows;
        if (TestStore.PostgresServer is not null)
        {
            Assert.Equal("postgres", store.Provider);
            await using var connection = new NpgsqlConnection(store.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Query, connection);
            command.Parameters.AddWithValue("id", id);
            rows = (long)(await command.ExecuteScalarAsync())!;
        }
        else
        {
            Assert.Equal("sqlite", store.Provider);
            Assert.True(File.Exists(Path.Combine(gateway.DataDirectory, "gateway.db")));
            await using var connection = new SqliteConnection(store.ConnectionString);
            await connection.OpenAsync();
            await using var command = new SqliteCommand(Query, connection);
            command.Parameters.AddWithValue("@id", id);
            rows = (long)(await command.ExecuteScalarAsync())!;
        }

        Assert.Equal(1, rows);
    }
}
