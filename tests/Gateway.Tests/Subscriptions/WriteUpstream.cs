using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>An external (non-sandbox) FHIR upstream that accepts Encounter creates and updates, as a HIE's server would.</summary>
internal sealed class WriteUpstream : IAsyncDisposable
{
    private readonly WebApplication app;

    private WriteUpstream(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<WriteUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var created = 0;
        app.MapGet("/fhir/metadata", () => Results.Text("""{"resourceType":"CapabilityStatement","status":"active","kind":"instance","fhirVersion":"4.0.1","format":["json"],"date":"2026-01-01"}""", "application/fhir+json"));
        app.MapPost("/fhir/Encounter", async (HttpContext c) =>
        {
            var id = "up-" + Interlocked.Increment(ref created);
            c.Response.Headers.Location = $"{c.Request.Scheme}://{c.Request.Host}/fhir/Encounter/{id}/_history/1";
            c.Response.StatusCode = 201;
            await c.Response.WriteAsync("");
        });
        app.MapPut("/fhir/Encounter/{id}", (HttpContext c) =>
        {
            c.Response.Headers.ETag = "W/\"2\"";
            return Results.Text("", "application/fhir+json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new WriteUpstream(app, address.TrimEnd('/') + "/fhir/");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
