namespace Lead.Gateway.Sandbox.Import;

/// <summary><c>import --source ID PATH…</c>: loads NDJSON files into a sandbox source.</summary>
internal static class ImportCommand
{
    public static Task<int> RunAsync(string[] args, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(configuration);
        // PLACEHOLDER (sandbox room).
        return Task.FromResult(2);
    }
}
