namespace Lead.Gateway.Sandbox.Storage;

/// <summary>The outcome of a write: what is now stored, and whether it was created, updated, found (conditional create) or deleted.</summary>
internal sealed record WriteResult(WriteKind Kind, StoredResource? Resource);

internal enum WriteKind
{
    Created,
    Updated,
    Existing,
    Deleted,
    NothingToDelete,
}
