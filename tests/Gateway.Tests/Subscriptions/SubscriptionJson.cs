using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>Backport Subscriptions and FHIR requests the tests send.</summary>
internal static class SubscriptionJson
{
    public const string TopicBase = "https://lead-gateway.org/fhir/SubscriptionTopic/";
    private const string Sd = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    public static string Build(string topic, string endpoint, string? filter = null, string content = "id-only", int? heartbeat = null, string? header = null)
    {
        var channelExtensions = new JsonArray { new JsonObject { ["url"] = Sd + "backport-timeout", ["valueUnsignedInt"] = 5 } };
        if (heartbeat is { } period)
        {
            channelExtensions.Add(new JsonObject { ["url"] = Sd + "backport-heartbeat-period", ["valueUnsignedInt"] = period });
        }

        var subscription = new JsonObject
        {
            ["resourceType"] = "Subscription",
            ["meta"] = new JsonObject { ["profile"] = new JsonArray(Sd + "backport-subscription") },
            ["status"] = "requested",
            ["reason"] = "test",
            ["criteria"] = TopicBase + topic,
            ["channel"] = new JsonObject
            {
                ["extension"] = channelExtensions,
                ["type"] = "rest-hook",
                ["endpoint"] = endpoint,
                ["payload"] = "application/fhir+json",
                ["_payload"] = new JsonObject { ["extension"] = new JsonArray(new JsonObject { ["url"] = Sd + "backport-payload-content", ["valueCode"] = content }) },
            },
        };
        if (filter is not null)
        {
            subscription["_criteria"] = new JsonObject { ["extension"] = new JsonArray(new JsonObject { ["url"] = Sd + "backport-filter-criteria", ["valueString"] = filter }) };
        }

        if (header is not null)
        {
            subscription["channel"]!["header"] = new JsonArray(header);
        }

        return subscription.ToJsonString();
    }

    public static StringContent Fhir(string json) => new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/fhir+json"));

    /// <summary>Creates the subscription; returns its id.</summary>
    public static async Task<string> CreateAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("fhir/Subscription", Fhir(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201, got {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the subscription until it has the status (handshake done) or fails after the timeout.</summary>
    public static async Task WaitForStatusAsync(HttpClient client, string id, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        string? current = null;
        while (DateTimeOffset.UtcNow < deadline)
        {
            using var document = JsonDocument.Parse(await client.GetStringAsync($"fhir/Subscription/{id}"));
            current = document.RootElement.GetProperty("status").GetString();
            if (current == status)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Subscription {id} stayed '{current}', expected '{status}'.");
    }

    public static string Encounter(string patientId, string status = "in-progress", bool ended = false, string? id = null)
    {
        var encounter = new JsonObject
        {
            ["resourceType"] = "Encounter",
            ["status"] = status,
            ["class"] = new JsonObject { ["system"] = "http://terminology.hl7.org/CodeSystem/v3-ActCode", ["code"] = "IMP" },
            ["subject"] = new JsonObject { ["reference"] = "Patient/" + patientId },
            ["period"] = ended
                ? new JsonObject { ["start"] = "2026-11-20T08:00:00Z", ["end"] = "2026-11-28T12:00:00Z" }
                : new JsonObject { ["start"] = "2026-11-20T08:00:00Z" },
        };
        if (id is not null)
        {
            encounter["id"] = id;
        }

        return encounter.ToJsonString();
    }

    /// <summary>Creates through the gateway; returns the new id.</summary>
    public static async Task<string> CreateResourceAsync(HttpClient client, string path, string json)
    {
        using var response = await client.PostAsync(path, Fhir(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Expected 201 from {path}, got {(int)response.StatusCode}: {body}");
        var location = response.Headers.Location!.ToString();
        var parts = location.Split('/');
        var history = Array.IndexOf(parts, "_history");
        return parts[history > 0 ? history - 1 : parts.Length - 1];
    }
}
