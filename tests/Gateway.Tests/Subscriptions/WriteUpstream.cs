using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Lead.Gateway.Fhir.Patch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>
/// An external (non-sandbox) FHIR upstream that keeps the versions of the Encounters written to it, as a HIE's server
/// would: create, update, JSON Patch, read and vread. With <c>historyReadable</c> false its vreads fail (500).
/// </summary>
internal sealed class WriteUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private WriteUpstream(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>How many vreads (<c>_history/{v}</c>) were asked for.</summary>
    public int HistoryReads => historyReads;

    private int historyReads;

    public static async Task<WriteUpstream> StartAsync(bool historyReadable = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var created = 0;
        var versions = new ConcurrentDictionary<string, List<string>>();
        WriteUpstream? self = null;
        string Store(string id, JsonObject resource)
        {
            var list = versions.GetOrAdd(id, _ => []);
            lock (list)
            {
                resource["id"] = id;
                resource["meta"] = new JsonObject { ["versionId"] = (list.Count + 1).ToString(CultureInfo.InvariantCulture) };
                list.Add(resource.ToJsonString());
                return (list.Count).ToString(CultureInfo.InvariantCulture);
            }
        }

        string? Current(string id)
        {
            if (!versions.TryGetValue(id, out var list))
            {
                return null;
            }

            lock (list)
            {
                return list[^1];
            }
        }

        app.MapGet("/fhir/metadata", () => Results.Text("""{"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1","format":["json"],"date":"2026-01-01"}""", "application/fhir+json"));
        app.MapPost("/fhir/Encounter", async (HttpContext c) =>
        {
            var id = "up-" + Interlocked.Increment(ref created);
            var version = Store(id, (JsonObject)(await JsonNode.ParseAsync(c.Request.Body))!);
            c.Response.Headers.Location = $"{c.Request.Scheme}://{c.Request.Host}/fhir/Encounter/{id}/_history/{version}";
            c.Response.StatusCode = 201;
            await c.Response.WriteAsync("");
        });
        app.MapPut("/fhir/Encounter/{id}", async (HttpContext c, string id) =>
        {
            c.Response.Headers.ETag = $"W/\"{Store(id, (JsonObject)(await JsonNode.ParseAsync(c.Request.Body))!)}\"";
            return Results.Text("", "application/fhir+json");
        });
        app.MapMethods("/fhir/Encounter/{id}", ["PATCH"], async (HttpContext c, string id) =>
        {
            using var body = new MemoryStream();
            await c.Request.Body.CopyToAsync(body);
            var patched = JsonPatchApplier.Apply((JsonObject)JsonNode.Parse(Current(id)!)!, body.ToArray());
            c.Response.Headers.ETag = $"W/\"{Store(id, patched)}\"";
            return Results.Text("", "application/fhir+json");
        });
        app.MapGet("/fhir/Encounter/{id}", (HttpContext c, string id) =>
        {
            var current = Current(id);
            if (current is null)
            {
                return Results.NotFound();
            }

            c.Response.Headers.ETag = $"W/\"{JsonNode.Parse(current)!["meta"]!["versionId"]}\"";
            return Results.Text(current, "application/fhir+json");
        });
        app.MapGet("/fhir/Encounter/{id}/_history/{version:int}", (string id, int version) =>
        {
            Interlocked.Increment(ref self!.historyReads);
            if (!historyReadable)
            {
                return Results.StatusCode(500);
            }

            if (!versions.TryGetValue(id, out var list))
            {
                return Results.NotFound();
            }

            lock (list)
            {
                return version < 1 || version > list.Count ? Results.NotFound() : Results.Text(list[version - 1], "application/fhir+json");
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new WriteUpstream(app, address.TrimEnd('/') + "/fhir/");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
