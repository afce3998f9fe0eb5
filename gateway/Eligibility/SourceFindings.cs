using Hl7.Fhir.Model;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Eligibility;

internal enum SourceState
{
    /// <summary>The source answered and knows the person.</summary>
    Found,

    /// <summary>The source answered: it has no Patient with the identifier(s).</summary>
    NotFound,

    /// <summary>The source could not be asked or did not answer (down, timed out, refused, not authorised, ambiguous).</summary>
    Unknown,
}

/// <summary>What one source said about the person: its Patient, their Coverage and the rosters listing them.</summary>
internal sealed record SourceFindings(GatewaySource Source, SourceState State, string? Reason = null)
{
    public Patient? Patient { get; init; }

    public IReadOnlyList<Coverage> Coverages { get; init; } = [];

    public IReadOnlyList<Group> Groups { get; init; } = [];

    /// <summary>Organization reference (as written in the Coverage) → name, from <c>_include=Coverage:payor</c>.</summary>
    public IReadOnlyDictionary<string, string> OrganizationNames { get; init; } = new Dictionary<string, string>();

    public bool IsMedicareSide => Source.Kind is SourceKinds.Aco or SourceKinds.Cms;

    public static SourceFindings Unknown(GatewaySource source, string reason) => new(source, SourceState.Unknown, reason);
}
