using Lead.Gateway.Hosting;

// `import` and `clients` run against the same configuration and data directory, then exit.
if (await GatewayCommands.TryRunAsync(args) is int exitCode)
{
    return exitCode;
}

var app = GatewayApp.Build(args);
await app.RunAsync();
return 0;
