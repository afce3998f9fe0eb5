using Lead.Gateway.Sources;
using Lead.Profiles;

namespace Lead.Gateway.Subscriptions;

/// <summary>The gateway's topics. Fixed in code: each needs a trigger the gateway evaluates (<see cref="TopicTriggers"/>).</summary>
internal static class Topics
{
    public const string UrlBase = LeadCanonicals.Base + "/SubscriptionTopic/";

    public static readonly SubscriptionTopic EncounterStart = new(
        "encounter-start", "Encounter start (admission)",
        "An Encounter begins: created or updated with period.start and no period.end, or status arrived/in-progress, where it was not before.",
        "Encounter", null, ["patient", "subject", "class", "service-provider"]);

    public static readonly SubscriptionTopic EncounterEnd = new(
        "encounter-end", "Encounter end (discharge)",
        "An Encounter ends: period.end set or status finished, where it was not before.",
        "Encounter", null, ["patient", "subject", "class", "service-provider"]);

    public static readonly SubscriptionTopic MedicaidEligibility = new(
        "medicaid-eligibility-change", "Medicaid eligibility change",
        "A Coverage is created or updated in a Medicaid source.",
        "Coverage", SourceKinds.Medicaid, ["patient", "beneficiary", "subscriber", "payor"]);

    public static readonly SubscriptionTopic AttributionRoster = new(
        "attribution-roster-change", "Attribution roster change",
        "An attribution roster (Group) is created or updated in an ACO source.",
        "Group", SourceKinds.Aco, ["member", "managing-entity", "patient"]);

    public static readonly IReadOnlyList<SubscriptionTopic> All = [EncounterStart, EncounterEnd, MedicaidEligibility, AttributionRoster];

    public static readonly IReadOnlySet<string> WatchedTypes = All.Select(t => t.ResourceType).ToHashSet(StringComparer.Ordinal);

    public static SubscriptionTopic? Find(string? url) => All.FirstOrDefault(t => t.Url == url);
}
