using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Indexing;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Identity;

/// <summary>Helpers shared by the identity tests: the crosswalk as the gateway holds it, and FHIR JSON bodies.</summary>
internal static class IdentityTestData
{
    public static async Task<CrosswalkQueries> CrosswalkAsync(GatewayHost gateway)
    {
        Assert.True(await gateway.Services.GetRequiredService<IndexReadiness>().WaitAsync(TimeSpan.FromSeconds(60), CancellationToken.None));
        return gateway.Services.GetRequiredService<CrosswalkQueries>();
    }

    public static async Task<RecordRow> RecordAsync(GatewayHost gateway, string source, string? patientId)
    {
        Assert.NotNull(patientId);
        var queries = await CrosswalkAsync(gateway);
        var record = await queries.RecordAsync(source, patientId, CancellationToken.None);
        Assert.NotNull(record);
        return record;
    }

    /// <summary>Polls until the condition holds (sandbox changes reach the crosswalk asynchronously).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<T?, bool> done)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var value = await probe();
            if (done(value))
            {
                return value!;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The crosswalk did not reach the expected state.");
    }

    public static StringContent Fhir(object body) => Fhir(JsonSerializer.Serialize(body));

    public static StringContent Fhir(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json"));

    public static object MatchParameters(object patient, bool onlyCertain = false, int? count = null)
    {
        var parameters = new List<object> { new { name = "resource", resource = patient } };
        if (onlyCertain)
        {
            parameters.Add(new { name = "onlyCertainMatches", valueBoolean = true });
        }

        if (count is { } c)
        {
            parameters.Add(new { name = "count", valueInteger = c });
        }

        return new { resourceType = "Parameters", parameter = parameters };
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static List<JsonElement> Matches(JsonElement bundle) =>
        bundle.TryGetProperty("entry", out var entries)
            ? [.. entries.EnumerateArray().Where(e => e.GetProperty("search").GetProperty("mode").GetString() == "match")]
            : [];

    public static string Grade(JsonElement entry) =>
        entry.GetProperty("search").GetProperty("extension").EnumerateArray()
            .First(e => e.GetProperty("url").GetString() == "http://hl7.org/fhir/StructureDefinition/match-grade").GetProperty("valueCode").GetString()!;
}
