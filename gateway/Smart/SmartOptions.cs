using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Smart;

/// <summary>How the gateway enforces SMART-on-FHIR authorization on its FHIR routes.</summary>
public sealed record SmartOptions
{
    public const string SectionName = "Smart";

    /// <summary>
    /// <c>required</c> (default): nothing under <c>/fhir</c> but <c>metadata</c> and <c>.well-known</c> answers without a
    /// valid token, and every request is checked against its scopes. <c>disabled</c> exists only to measure the cost of
    /// authorization in benchmarks; the gateway logs a warning at start-up when it is set.
    /// </summary>
    [Required, RegularExpression("^(required|disabled)$", ErrorMessage = "Smart:Enforcement must be 'required' or 'disabled'.")]
    public string Enforcement { get; init; } = "required";

    public bool IsRequired => Enforcement == "required";
}
