using System.Text.Json;
using Lead.Gateway.Sources;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>Which topics a change raises. Encounter start and end are transitions: a repeated update raises nothing new.</summary>
internal static class TopicTriggers
{
    /// <summary>Types whose topics depend on the version before (start and end are transitions).</summary>
    public static bool NeedsPrevious(string type) => type == "Encounter";

    public static IEnumerable<SubscriptionTopic> Raised(ResourceChange change, JsonElement resource, JsonElement? previous)
    {
        switch (change.Type)
        {
            case "Encounter":
                var ended = Ended(resource);
                if (Started(resource) && !ended && (previous is not { } before || !Started(before)))
                {
                    yield return Topics.EncounterStart;
                }

                if (ended && (previous is not { } earlier || !Ended(earlier)))
                {
                    yield return Topics.EncounterEnd;
                }

                break;
            case "Coverage" when change.SourceKind == SourceKinds.Medicaid:
                yield return Topics.MedicaidEligibility;
                break;
            case "Group" when change.SourceKind == SourceKinds.Aco:
                yield return Topics.AttributionRoster;
                break;
        }
    }

    /// <summary>Arrived or in progress, or a start without an end (status not saying otherwise).</summary>
    public static bool Started(JsonElement encounter)
    {
        var status = Status(encounter);
        if (status is "arrived" or "in-progress")
        {
            return true;
        }

        return status is not ("planned" or "cancelled" or "entered-in-error")
            && encounter.TryGetProperty("period", out var period) && period.TryGetProperty("start", out _);
    }

    public static bool Ended(JsonElement encounter) =>
        Status(encounter) == "finished"
        || (Status(encounter) is not ("cancelled" or "entered-in-error") && encounter.TryGetProperty("period", out var period) && period.TryGetProperty("end", out _));

    private static string? Status(JsonElement encounter) =>
        encounter.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
}
