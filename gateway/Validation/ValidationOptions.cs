using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Validation;

/// <summary>Ingress validation: which mode and which required profiles apply to a resource written to a source.</summary>
public sealed record ValidationOptions
{
    public const string SectionName = "Validation";

    /// <summary>Mode for sources and types not configured below: <c>enforce</c> (422), <c>warn</c> (forward, report) or <c>off</c>.</summary>
    [RegularExpression("^(enforce|warn|off)$", ErrorMessage = "Validation:DefaultMode must be enforce, warn or off.")]
    public string DefaultMode { get; init; } = "enforce";

    /// <summary>Where the FHIR R4 specification is extracted (about 60 MB); empty: <c>{DataDirectory}/fhir-r4-spec</c>.</summary>
    public string? SpecificationDirectory { get; init; }

    /// <summary>Treat extensions whose definitions are not loaded as errors, not warnings.</summary>
    public bool UnknownExtensionsAreErrors { get; init; }

    /// <summary>Per source id.</summary>
    public Dictionary<string, SourceValidationOptions> Sources { get; init; } = new(StringComparer.Ordinal);
}

public sealed record SourceValidationOptions
{
    /// <summary>Mode for this source's types not configured below; empty: the default mode.</summary>
    [RegularExpression("^(enforce|warn|off)$")]
    public string? Mode { get; init; }

    /// <summary>Per resource type.</summary>
    public Dictionary<string, TypeValidationOptions> Types { get; init; } = new(StringComparer.Ordinal);
}

public sealed record TypeValidationOptions
{
    [RegularExpression("^(enforce|warn|off)$")]
    public string? Mode { get; init; }

    /// <summary>Profiles (canonical URLs) every resource of this type sent to this source must conform to.</summary>
    public List<string> Profiles { get; init; } = [];
}
