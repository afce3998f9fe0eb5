namespace Lead.Gateway.Identity.Storage;

/// <summary>
/// One source's Patient and the person it is linked to, with why (<c>mbi</c>, <c>medicaid-id</c>, <c>hie-mpi</c>,
/// <c>demographics 0.95</c>, <c>asserted by {client}</c>, or <c>new</c> for a record nothing else shares an identifier
/// with yet). Demographics are kept normalised for $match; they are never logged.
/// </summary>
internal sealed class RecordRow
{
    public required string Source { get; set; }

    public required string PatientId { get; set; }

    public required string PersonId { get; set; }

    public required string Reason { get; set; }

    /// <summary>Client id that asserted the link; such a link survives re-indexing.</summary>
    public string? AssertedBy { get; set; }

    public DateTimeOffset LinkedAt { get; set; }

    public DateTimeOffset SeenAt { get; set; }

    public string? Family { get; set; }

    public string? Given { get; set; }

    public string? BirthDate { get; set; }

    public string? Gender { get; set; }

    public string? PostalCode { get; set; }
}
