using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Gateway.Tests.Infrastructure;

/// <summary>
/// A small upstream FHIR server on its own loopback port, shaped like a real one where the gateway cares: absolute
/// URLs of its own in bodies and headers, a slow endpoint, a failing one with an HTML stack trace, and an echo of
/// what it received.
/// </summary>
internal sealed class FakeUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeUpstream(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The FHIR base, e.g. <c>http://127.0.0.1:4321/fhir</c> (no trailing slash).</summary>
    public Uri BaseAddress { get; }

    public string Base => BaseAddress.AbsoluteUri.TrimEnd('/');

    /// <summary>Headers of every request received, in order.</summary>
    public ConcurrentQueue<IHeaderDictionary> Received { get; } = new();

    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromSeconds(30);

    public static async Task<FakeUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeUpstream? self = null;
        app.Use(async (context, next) =>
        {
            self!.Received.Enqueue(new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value)));
            await next(context);
        });
        string Base(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host}/fhir";

        app.MapGet("/fhir/metadata", () => Results.Text("""{"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1","format":["json"],"date":"2026-01-01"}""", "application/fhir+json"));
        app.MapGet("/fhir/Patient/{id}", (HttpContext c, string id) =>
        {
            c.Response.Headers.ContentLocation = $"{Base(c)}/Patient/{id}/_history/1";
            return Results.Text("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"1\"},\"link\":[{\"other\":{\"reference\":\"" + Base(c) + "/Patient/other\"},\"type\":\"seealso\"}],\"managingOrganization\":{\"reference\":\"" + Base(c) + "2/Organization/not-ours\"}}", "application/fhir+json");
        });
        // A server that answers a Binary read with the raw bytes whatever the Accept header says.
        app.MapGet("/fhir/Binary/{id}", () => Results.Bytes("%PDF-1.4 synthetic document of another patient"u8.ToArray(), "application/pdf"));
        app.MapMethods("/fhir/Patient/{id}", ["PATCH"], (string id) =>
            Results.Text("{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"meta\":{\"versionId\":\"2\"}}", "application/fhir+json"));
        app.MapGet("/fhir/Patient", (HttpContext c) =>
        {
            var entries = string.Join(",", Enumerable.Range(1, 20).Select(i => "{\"fullUrl\":\"" + Base(c) + "/Patient/p" + i + "\",\"resource\":{\"resourceType\":\"Patient\",\"id\":\"p" + i + "\"},\"search\":{\"mode\":\"match\"}}"));
            return Results.Text("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":40,\"link\":[{\"relation\":\"self\",\"url\":\"" + Base(c) + "/Patient?_count=20\"},{\"relation\":\"next\",\"url\":\"" + Base(c) + "/Patient?_count=20&_offset=20\"}],\"entry\":[" + entries + "]}", "application/fhir+json");
        });
        app.MapPost("/fhir/Patient", async (HttpContext c) =>
        {
            using var reader = new StreamReader(c.Request.Body);
            var body = await reader.ReadToEndAsync();
            c.Response.Headers.Location = $"{Base(c)}/Patient/new1/_history/1";
            c.Response.StatusCode = 201;
            c.Response.ContentType = "application/fhir+json";
            await c.Response.WriteAsync(body);
        });
        app.MapGet("/fhir/Slow/{id}", async (HttpContext c) =>
        {
            await Task.Delay(self!.SlowDelay, c.RequestAborted);
            return Results.Text("""{"resourceType":"Basic","id":"late"}""", "application/fhir+json");
        });
        app.MapGet("/fhir/Boom/{id}", () => Results.Text(
            "<html><body><h1>500</h1><pre>java.lang.NullPointerException at org.example.Secret.internalMethod(Secret.java:42) on host db-internal-7</pre></body></html>",
            "text/html", statusCode: 500));
        app.MapGet("/fhir/Teapot/{id}", () => Results.Text("<html>I refuse</html>", "text/html", statusCode: 418));
        app.MapGet("/fhir/Gone/{id}", () => Results.Text("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"deleted","diagnostics":"deleted"}]}""", "application/fhir+json", statusCode: 410));
        app.MapGet("/fhir/Echo/{id}", (HttpContext c) => Results.Json(c.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()), contentType: "application/fhir+json"));
        app.MapPost("/token", async (HttpContext c) =>
        {
            var form = await c.Request.ReadFormAsync();
            var basic = c.Request.Headers.Authorization.ToString();
            return form["grant_type"] == "client_credentials" && basic == "Basic " + Convert.ToBase64String("gw-client:gw-secret"u8.ToArray())
                ? Results.Json(new { access_token = "upstream-token-" + form["scope"], token_type = "bearer", expires_in = 300 })
                : Results.Json(new { error = "invalid_client" }, statusCode: 401);
        });

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new FakeUpstream(app, new Uri(address.TrimEnd('/') + "/fhir"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
