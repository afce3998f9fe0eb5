namespace Lead.Gateway.Identity.Storage;

/// <summary>A strong identifier (MBI, state Medicaid ID, HIE MPI id) a source's Patient carries.</summary>
internal sealed class IdentifierRow
{
    public required string Source { get; set; }

    public required string PatientId { get; set; }

    /// <summary><c>mbi</c>, <c>medicaid-id</c> or <c>hie-mpi</c>.</summary>
    public required string Kind { get; set; }

    public required string System { get; set; }

    public required string Value { get; set; }
}
