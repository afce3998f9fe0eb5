using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Bench.Notifications;

/// <summary>The subscriber: records when each event's focus (by resource id) arrived, on the benchmark's own clock.</summary>
internal sealed class Listener : IAsyncDisposable
{
    private readonly WebApplication app;

    private Listener(WebApplication app, string endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    /// <summary>Focus resource id → Stopwatch timestamp of arrival.</summary>
    public ConcurrentDictionary<string, long> Arrived { get; } = new(StringComparer.Ordinal);

    public int Handshakes;

    public static async Task<Listener> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Listener? self = null;
        app.MapPost("/notify", async (HttpContext context) =>
        {
            var now = Stopwatch.GetTimestamp();
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            foreach (var parameter in json.RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("parameter").EnumerateArray())
            {
                var name = parameter.GetProperty("name").GetString();
                if (name == "type" && parameter.GetProperty("valueCode").GetString() == "handshake")
                {
                    Interlocked.Increment(ref self!.Handshakes);
                }

                if (name != "notification-event")
                {
                    continue;
                }

                foreach (var part in parameter.GetProperty("part").EnumerateArray().Where(p => p.GetProperty("name").GetString() == "focus"))
                {
                    var reference = part.GetProperty("valueReference").GetProperty("reference").GetString()!;
                    self!.Arrived.TryAdd(reference[(reference.LastIndexOf('/') + 1)..], now);
                }
            }

            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new Listener(app, address.TrimEnd('/') + "/notify");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
