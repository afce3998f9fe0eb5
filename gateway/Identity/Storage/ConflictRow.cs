namespace Lead.Gateway.Identity.Storage;

/// <summary>
/// Evidence the crosswalk did not act on: an identifier of a record pointing at another person than the one it was
/// linked to, or contradicting an identifier the person already has. Recorded for review, never merged silently.
/// </summary>
internal sealed class ConflictRow
{
    public long Id { get; set; }

    public required string Source { get; set; }

    public required string PatientId { get; set; }

    public required string System { get; set; }

    public required string Value { get; set; }

    /// <summary>The person the record was linked to.</summary>
    public required string PersonId { get; set; }

    /// <summary>The person the identifier also points at (or that holds a contradicting value).</summary>
    public required string OtherPersonId { get; set; }

    /// <summary><c>identifier-points-elsewhere</c> or <c>identifier-contradicts</c>.</summary>
    public required string Kind { get; set; }

    public DateTimeOffset DetectedAt { get; set; }
}
