using Lead.Gateway.Hosting;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Storage;

// `import` and `clients` run against the same configuration and data directory, then exit.
if (await GatewayCommands.TryRunAsync(args) is int exitCode)
{
    return exitCode;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddGatewayHosting();
builder.AddGatewayStorage();
builder.AddSandbox();

var app = builder.Build();
app.MapGet("/healthz", () => Results.Json(new { status = "up" }));

await app.RunAsync();
return 0;
