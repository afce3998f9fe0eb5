using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Lead.Gateway.Tests.BulkExport;

/// <summary>
/// An upstream with its own Bulk Data <c>$export</c>, shaped to fail or stall where a test needs it: its status request
/// can answer 500, its Patient file can stop mid-way until released, its manifest can list an error file and a line of
/// the wrong type. It records every request (method, path, Authorization) it receives.
/// </summary>
internal sealed class FakeBulkSource : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private int jobs;

    private FakeBulkSource(WebApplication app, Uri baseAddress)
    {
        this.app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The FHIR base with a trailing slash, e.g. <c>http://127.0.0.1:4321/fhir/</c>.</summary>
    public Uri BaseAddress { get; }

    public ConcurrentQueue<(string Method, string Path, string Authorization)> Requests { get; } = new();

    /// <summary>Status polls answered 202 (with <c>Retry-After: 1</c>) before the manifest.</summary>
    public int PendingPolls { get; set; }

    public bool StatusFails { get; set; }

    public int Patients { get; set; } = 5;

    /// <summary>When set, the Patient file stops after this many lines until <see cref="Release"/>.</summary>
    public int? StallAfter { get; set; }

    public bool WithErrorFile { get; set; }

    public bool WithWrongTypeLine { get; set; }

    public int KickOffs => Requests.Count(r => r.Method == "GET" && r.Path.EndsWith("/$export", StringComparison.Ordinal));

    public TaskCompletionSource Released { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Released.TrySetResult();

    public static string PatientLine(int i) =>
        "{\"resourceType\":\"Patient\",\"id\":\"fake-" + i + "\",\"meta\":{\"versionId\":\"1\",\"tag\":[{\"system\":\"urn:example:own\",\"code\":\"kept\"}]},\"active\":true}";

    public static async Task<FakeBulkSource> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        FakeBulkSource? self = null;
        app.Use(async (context, next) =>
        {
            self!.Requests.Enqueue((context.Request.Method, context.Request.Path.Value ?? "", context.Request.Headers.Authorization.ToString()));
            await next(context);
        });
        string Base(HttpContext c) => $"{c.Request.Scheme}://{c.Request.Host}/fhir";

        app.MapGet("/fhir/$export", (HttpContext c) =>
        {
            if (c.Request.Headers["Prefer"].ToString() != "respond-async")
            {
                return Results.Text("""{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid"}]}""", "application/fhir+json", statusCode: 400);
            }

            c.Response.Headers.ContentLocation = $"{Base(c)}/$export-status/job{Interlocked.Increment(ref self!.jobs)}";
            return Results.StatusCode(202);
        });
        var polls = 0;
        app.MapGet("/fhir/$export-status/{id}", (HttpContext c, string id) =>
        {
            if (self!.StatusFails)
            {
                return Results.Text("""{"resourceType":"OperationOutcome","issue":[{"severity":"fatal","code":"exception","diagnostics":"internal detail at db-host-7"}]}""",
                    "application/fhir+json", statusCode: 500);
            }

            if (Interlocked.Increment(ref polls) <= self.PendingPolls)
            {
                c.Response.Headers.RetryAfter = "1";
                c.Response.Headers["X-Progress"] = "busy";
                return Results.StatusCode(202);
            }

            var errors = self.WithErrorFile ? $"[{{\"type\":\"OperationOutcome\",\"url\":\"{Base(c)}/files/{id}/errors.ndjson\"}}]" : "[]";
            return Results.Text(
                $"{{\"transactionTime\":\"2027-01-01T00:00:00Z\",\"request\":\"{Base(c)}/$export\",\"requiresAccessToken\":true," +
                $"\"output\":[{{\"type\":\"Patient\",\"url\":\"{Base(c)}/files/{id}/Patient.ndjson\",\"count\":{self.Patients}}}," +
                $"{{\"type\":\"Observation\",\"url\":\"{Base(c)}/files/{id}/Observation.ndjson\"}}],\"error\":{errors}}}",
                "application/json");
        });
        app.MapDelete("/fhir/$export-status/{id}", () => Results.StatusCode(202));
        app.MapGet("/fhir/files/{id}/Patient.ndjson", async (HttpContext c) =>
        {
            c.Response.ContentType = "application/fhir+ndjson";
            for (var i = 1; i <= self!.Patients; i++)
            {
                if (i - 1 == self.StallAfter)
                {
                    await c.Response.Body.FlushAsync(c.RequestAborted);
                    await self.Released.Task.WaitAsync(CancellationTokenSource.CreateLinkedTokenSource(c.RequestAborted, self.stopping.Token).Token);
                }

                if (self.WithWrongTypeLine && i == 2)
                {
                    await c.Response.WriteAsync("{\"resourceType\":\"Observation\",\"id\":\"stray\",\"status\":\"final\"}\n", c.RequestAborted);
                }

                await c.Response.WriteAsync(PatientLine(i) + "\n", c.RequestAborted);
            }
        });
        // A type the job did not ask for: the gateway must not download it at all.
        app.MapGet("/fhir/files/{id}/Observation.ndjson", () => Results.Text("{\"resourceType\":\"Observation\",\"id\":\"o1\"}\n", "application/fhir+ndjson"));
        app.MapGet("/fhir/files/{id}/errors.ndjson", () => Results.Text(
            "{\"resourceType\":\"OperationOutcome\",\"id\":\"err-1\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\",\"diagnostics\":\"Patient fake-99 could not be read\"}]}\n",
            "application/fhir+ndjson", Encoding.UTF8));

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new FakeBulkSource(app, new Uri(address.TrimEnd('/') + "/fhir/"));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync();
        await app.DisposeAsync();
        stopping.Dispose();
    }
}
