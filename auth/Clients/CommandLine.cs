namespace Lead.Auth.Clients;

/// <summary><c>--name value</c> pairs; a name may repeat (<c>--source a --source b</c>).</summary>
internal sealed class CommandLine
{
    private readonly List<(string Name, string Value)> _values = [];

    public static CommandLine Parse(IEnumerable<string> args)
    {
        var result = new CommandLine();
        string? name = null;
        foreach (var arg in args)
        {
            if (name is null)
            {
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Unexpected argument '{arg}'.");
                }

                name = arg[2..];
            }
            else
            {
                result._values.Add((name, arg));
                name = null;
            }
        }

        return name is null ? result : throw new ArgumentException($"--{name} needs a value.");
    }

    public string? Single(string name) => _values.LastOrDefault(v => v.Name == name).Value;

    public IEnumerable<string> All(string name) => _values.Where(v => v.Name == name).Select(v => v.Value);
}
