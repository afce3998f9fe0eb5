using Hl7.Fhir.Model;

namespace Lead.Gateway.Sandbox.Http;

/// <summary>
/// One FHIR interaction, independent of HTTP: the HTTP handler and Bundle entries both become one, so a batch entry
/// behaves exactly like the same request sent alone.
/// </summary>
internal sealed record FhirRequest
{
    public required string Method { get; init; }

    public required string Source { get; init; }

    /// <summary>Absolute base of the source, e.g. <c>http://127.0.0.1:5123/aco-sandbox</c> (no trailing slash).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>Path segments after the source id: <c>[Patient, 123, _history, 2]</c>.</summary>
    public required IReadOnlyList<string> Segments { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public Resource? Body { get; init; }

    public string? IfMatch { get; init; }

    public string? IfNoneExist { get; init; }

    public PreferReturn Return { get; init; } = PreferReturn.Representation;

    public bool StrictHandling { get; init; }

    /// <summary>A server-chosen id for a create (transactions pre-assign ids so urn:uuid references resolve).</summary>
    public string? AssignedId { get; init; }
}

internal enum PreferReturn
{
    Representation,
    Minimal,
    OperationOutcome,
}
