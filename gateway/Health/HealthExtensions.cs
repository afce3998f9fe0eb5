namespace Lead.Gateway.Health;

internal static class HealthExtensions
{
    public static WebApplicationBuilder AddGatewayHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReadinessProbe>();
        builder.Services.AddHttpClient(ReadinessProbe.HttpClientName);
        return builder;
    }

    /// <summary><c>/healthz</c>: the process is up. <c>/readyz</c>: the store and every source answer (503 otherwise).</summary>
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Json(new { status = "up" }));
        endpoints.MapGet("/readyz", async (ReadinessProbe probe, CancellationToken cancellationToken) =>
        {
            var report = await probe.CheckAsync(cancellationToken);
            return Results.Json(report, statusCode: report.Status == "ready" ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
        return endpoints;
    }
}
