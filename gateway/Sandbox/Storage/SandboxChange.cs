namespace Lead.Gateway.Sandbox.Storage;

/// <summary>What changed in a sandbox source, raised after the change is committed.</summary>
internal sealed record SandboxChange(string SourceId, string Type, string Id, int VersionId, SandboxChangeAction Action);

internal enum SandboxChangeAction
{
    Create,
    Update,
    Delete,
}

/// <summary>Event payload of <see cref="SandboxStore.Changed"/>.</summary>
internal sealed class SandboxChangedEventArgs(IReadOnlyList<SandboxChange> changes) : EventArgs
{
    /// <summary>Changes committed together (one for a single write, many for a transaction or an import batch).</summary>
    public IReadOnlyList<SandboxChange> Changes { get; } = changes;
}
