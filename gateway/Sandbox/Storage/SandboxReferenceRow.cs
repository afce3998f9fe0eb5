namespace Lead.Gateway.Sandbox.Storage;

/// <summary>A reference search value (patient, subject, beneficiary…) of a resource's current version.</summary>
internal sealed class SandboxReferenceRow
{
    public long Key { get; set; }

    public required string Source { get; set; }

    public required string Type { get; set; }

    public required string Id { get; set; }

    public required string Param { get; set; }

    public string? TargetType { get; set; }

    public required string TargetId { get; set; }
}
