using Lead.Gateway.Identity.Storage;

namespace Lead.Gateway.Identity.Crosswalk;

/// <summary>Where a record goes and why, plus the contrary evidence to record.</summary>
internal sealed record LinkDecision(string? PersonId, string Reason, IReadOnlyList<ConflictRow> Conflicts)
{
    public const string NewPerson = "new";
}
