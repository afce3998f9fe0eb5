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

    /// <summary>
    /// How long a token's "not revoked" answer from the store is reused: a revoked token stops working within this time
    /// (tokens the gateway issued; not with <c>Auth:Authority</c>). Zero reads the store on every request.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00")]
    public TimeSpan RevocationCheckInterval { get; init; } = TimeSpan.FromSeconds(5);
}
