namespace Lead.Profiles.Parsing;

/// <summary>Bounds on request bodies, so a hostile document fails fast instead of exhausting stack or memory.</summary>
public sealed record FhirParseLimits
{
    /// <summary>Maximum nesting depth of JSON objects/arrays or XML elements. FHIR resources rarely exceed 20.</summary>
    public int MaxDepth { get; init; } = 128;

    /// <summary>Maximum body size in bytes (default 16 MiB); larger bodies are refused with 413.</summary>
    public long MaxBytes { get; init; } = 16 * 1024 * 1024;
}
