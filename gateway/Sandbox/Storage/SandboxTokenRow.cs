namespace Lead.Gateway.Sandbox.Storage;

/// <summary>A token search value (identifier, status, code…) of a resource's current version.</summary>
internal sealed class SandboxTokenRow
{
    public long Key { get; set; }

    public required string Source { get; set; }

    public required string Type { get; set; }

    public required string Id { get; set; }

    public required string Param { get; set; }

    public string? System { get; set; }

    public required string Value { get; set; }
}
