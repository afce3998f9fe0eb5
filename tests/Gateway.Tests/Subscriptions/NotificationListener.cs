using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>A subscriber's rest-hook endpoint on loopback: records every notification; can be told to fail first.</summary>
internal sealed class NotificationListener : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly SemaphoreSlim arrived = new(0);
    private int failuresLeft;

    private NotificationListener(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}/notify";

    public ConcurrentQueue<Notification> Received { get; } = new();

    /// <summary>Requests answered 500 so far (not recorded in <see cref="Received"/>).</summary>
    public int Refused;

    /// <param name="port">0 for any free port; a previous listener's port to come back where the gateway expects it.</param>
    public static async Task<NotificationListener> StartAsync(int port = 0, int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        NotificationListener? self = null;
        app.MapPost("/notify", async (HttpContext context) =>
        {
            if (Interlocked.Decrement(ref self!.failuresLeft) >= 0)
            {
                Interlocked.Increment(ref self.Refused);
                return Results.StatusCode(500);
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            self.Received.Enqueue(new Notification(JsonDocument.Parse(body).RootElement.Clone(),
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), DateTimeOffset.UtcNow));
            self.arrived.Release();
            return Results.Ok();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new NotificationListener(app, new Uri(address).Port) { failuresLeft = failFirst };
        return self;
    }

    /// <summary>Answers the next <paramref name="count"/> notifications with 500.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    /// <summary>Waits until a notification satisfying <paramref name="match"/> arrived; fails the test after the timeout.</summary>
    public async Task<Notification> WaitForAsync(Func<Notification, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            if (Received.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            var left = deadline - DateTimeOffset.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No matching notification within the timeout; received: {string.Join(", ", Received.Select(n => n.Type))}.");
            }

            await arrived.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        arrived.Dispose();
    }
}
