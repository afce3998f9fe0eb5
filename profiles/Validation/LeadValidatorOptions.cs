namespace Lead.Profiles.Validation;

/// <summary>Where the validation service finds its conformance resources and how it sizes itself.</summary>
public sealed record LeadValidatorOptions
{
    /// <summary>Folder of the LEAD conformance resources (one JSON file each). Default: <c>profiles/definitions</c> beside the assembly.</summary>
    public string ProfilesDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "profiles", "definitions");

    /// <summary>The core R4 <c>specification.zip</c>. Default: beside the assembly (copied there by Hl7.Fhir.Specification.Data.R4).</summary>
    public string SpecificationZipPath { get; init; } = Path.Combine(AppContext.BaseDirectory, "specification.zip");

    /// <summary>
    /// Where the core specification is extracted (≈ 60 MB, once). Point it under the gateway's data directory:
    /// the default temp folder may be read-only or wiped, and re-extraction slows start-up.
    /// </summary>
    public string ExtractDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "lead-fhir-r4-spec");

    /// <summary>Upper bound of pooled Firely validators kept for reuse. Default: two per core.</summary>
    public int PoolSize { get; init; } = Environment.ProcessorCount * 2;

    /// <summary>Invariant keys never evaluated. dom-6 (narrative) is a best-practice rule Firely also skips by default.</summary>
    public IReadOnlyCollection<string> IgnoredInvariants { get; init; } = ["dom-6"];

    /// <summary>
    /// Whether an extension whose definition is unknown is an error (as the HL7 Java validator and older Firely
    /// releases say) rather than a warning. Default false: partners send US Core, CARIN and CMS extensions the
    /// gateway does not load, and FHIR lets receivers ignore extensions they do not know.
    /// </summary>
    public bool UnknownExtensionsAreErrors { get; init; }

    /// <summary>Folder of valid example instances validated once during warm-up, so terminology expansions are cached too. Optional.</summary>
    public string? WarmUpExamplesDirectory { get; init; } = Path.Combine(AppContext.BaseDirectory, "profiles", "examples", "valid");
}
