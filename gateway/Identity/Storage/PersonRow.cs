namespace Lead.Gateway.Identity.Storage;

/// <summary>A gateway-level person: the records of the crosswalk that name the same human.</summary>
internal sealed class PersonRow
{
    public required string Id { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
