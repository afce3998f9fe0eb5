using System.ComponentModel.DataAnnotations;
using Hl7.Fhir.Model;
using Lead.Gateway.Smart;
using Lead.Profiles;

namespace Lead.Gateway.Identity;

/// <summary>The identity crosswalk: how it is built and when demographics may link records.</summary>
public sealed record IdentityOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>Whether every source's Patients are read at start-up and then every <see cref="IndexInterval"/>.</summary>
    public bool IndexSources { get; init; } = true;

    /// <summary>Time between two full reads of every source's Patients.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "7.00:00:00", ErrorMessage = "Identity:IndexInterval must be between 5 seconds and 7 days.")]
    public TimeSpan IndexInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Patients asked for per page while indexing a source.</summary>
    [Range(10, 1000, ErrorMessage = "Identity:IndexPageSize must be between 10 and 1000.")]
    public int IndexPageSize { get; init; } = 200;

    /// <summary>How long $match and $everything wait for the first index pass before answering 503.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Identity:StartupWait must be at most 10 minutes.")]
    public TimeSpan StartupWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Link records on demographics alone (never by default: domain.md, "never guesses a link it cannot justify").</summary>
    public bool AllowDemographicLinks { get; init; }

    /// <summary>Demographic score (0-1: family 0.3, given 0.2, birthDate 0.3, gender 0.1, postal code 0.1) a link needs.</summary>
    [Range(0.5, 1.0, ErrorMessage = "Identity:DemographicThreshold must be between 0.5 and 1.")]
    public double DemographicThreshold { get; init; } = 0.9;

    /// <summary>Identifier systems of HIE master patient indexes (enterprise ids that link records); configured ones add to the sandbox's.</summary>
    public IReadOnlyList<string> HieMpiSystems { get; init; } = [LeadCanonicals.SandboxHieMpiSystem];

    /// <summary>
    /// Resource types a combined record ($everything) gathers from each source, besides Patient; empty means
    /// <see cref="DefaultEverythingTypes"/>. (A default list would be appended to by configuration binding, not replaced.)
    /// </summary>
    public IReadOnlyList<string>? EverythingTypes { get; init; }

    public static IReadOnlyList<string> DefaultEverythingTypes { get; } =
    [
        "Coverage", "Encounter", "Condition", "Observation", "Procedure", "MedicationRequest", "AllergyIntolerance",
        "Immunization", "DiagnosticReport", "ServiceRequest", "CarePlan", "CareTeam", "Goal", "RiskAssessment",
        "DocumentReference", "ExplanationOfBenefit", "Claim",
    ];

    /// <summary>The types $everything gathers besides Patient.</summary>
    public IReadOnlyList<string> CompartmentTypes => EverythingTypes is { Count: > 0 } types ? types : DefaultEverythingTypes;

    /// <summary>Largest page of a combined record (<c>_count</c>).</summary>
    [Range(1, 5000, ErrorMessage = "Identity:MaxPageSize must be between 1 and 5000.")]
    public int MaxPageSize { get; init; } = 1000;

    /// <summary>
    /// Memory for combined records kept between the pages of a $everything walk, in megabytes (0: every page reads every
    /// source again). Only this replica's later pages use it; a miss reads again.
    /// </summary>
    [Range(0, 4096, ErrorMessage = "Identity:EverythingCacheMegabytes must be between 0 and 4096.")]
    public int EverythingCacheMegabytes { get; init; } = 64;

    /// <summary>How long a combined record is kept for its later pages, counted from its first page.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Identity:EverythingCacheLifetime must be between 1 second and 1 hour.")]
    public TimeSpan EverythingCacheLifetime { get; init; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A type without a patient search parameter (Group rosters, Organization) is outside one person's compartment.
        foreach (var type in CompartmentTypes.Where(t => !ModelInfo.IsKnownResource(t) || t == "Group" || PatientSearchParameters.For(t) is null))
        {
            yield return new ValidationResult($"Identity:EverythingTypes: '{type}' is not a resource type in the patient compartment.", [nameof(EverythingTypes)]);
        }
    }
}
