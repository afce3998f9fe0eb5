namespace Lead.Gateway.Sandbox.Import;

/// <summary><c>--source ID PATH [PATH…]</c>; other <c>--Key value</c> pairs are configuration and are skipped here.</summary>
internal sealed record ImportArguments(string Source, IReadOnlyList<string> Files)
{
    public const string Usage = "Usage: import --source <aco-sandbox|medicaid-sandbox|hie-sandbox> <file.ndjson|folder> [more…] [--DataDirectory <path>]";

    /// <summary>The parsed arguments, or an error message for the usage line.</summary>
    public static (ImportArguments? Arguments, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? source = null;
        var paths = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--source" or "-s")
            {
                source = i + 1 < args.Count ? args[++i] : null;
            }
            else if (arg.StartsWith("--source=", StringComparison.Ordinal))
            {
                source = arg["--source=".Length..];
            }
            else if (arg.StartsWith('-'))
            {
                // A configuration switch (--DataDirectory /x, --Storage:Provider=…): its value is not a path.
                if (!arg.Contains('=', StringComparison.Ordinal))
                {
                    i++;
                }
            }
            else
            {
                paths.Add(arg);
            }
        }

        if (string.IsNullOrWhiteSpace(source))
        {
            return (null, "--source is required.");
        }

        if (!SandboxSources.All.Any(s => s.Id == source))
        {
            return (null, $"Unknown source '{source}'. Sandbox sources: {string.Join(", ", SandboxSources.All.Select(s => s.Id))}.");
        }

        if (paths.Count == 0)
        {
            return (null, "At least one NDJSON file or folder is required.");
        }

        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.ndjson").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                return (null, $"'{path}' is neither a file nor a folder.");
            }
        }

        return files.Count == 0 ? (null, "No *.ndjson files found.") : (new ImportArguments(source, files), null);
    }
}
