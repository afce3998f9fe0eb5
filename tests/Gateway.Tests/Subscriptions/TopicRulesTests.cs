using System.Text.Json;
using Lead.Gateway.Subscriptions;
using Lead.Gateway.Subscriptions.Events;

namespace Lead.Gateway.Tests.Subscriptions;

/// <summary>Topic triggers and filters without a host.</summary>
public sealed class TopicRulesTests
{
    [Theory]
    [InlineData("""{"status":"in-progress"}""", null, "encounter-start")]
    [InlineData("""{"status":"unknown","period":{"start":"2026-01-01"}}""", null, "encounter-start")]
    [InlineData("""{"status":"planned","period":{"start":"2026-01-01"}}""", null, "")]
    [InlineData("""{"status":"finished","period":{"start":"2026-01-01","end":"2026-01-02"}}""", null, "encounter-end")]
    [InlineData("""{"status":"in-progress","period":{"start":"2026-01-01"}}""", """{"status":"arrived"}""", "")]
    [InlineData("""{"status":"finished"}""", """{"status":"finished"}""", "")]
    [InlineData("""{"status":"finished"}""", """{"status":"in-progress"}""", "encounter-end")]
    public void Encounter_Transitions_RaiseStartOrEnd(string current, string? previous, string expected)
    {
        using var now = JsonDocument.Parse(current);
        using var before = previous is null ? null : JsonDocument.Parse(previous);
        var change = new ResourceChange("hie-sandbox", "hie", "Encounter", "e1", "2", "update", null, null, DateTimeOffset.UtcNow);

        var raised = TopicTriggers.Raised(change, now.RootElement, before?.RootElement).Select(t => t.Key);

        Assert.Equal(expected, string.Join(",", raised));
    }

    [Theory]
    [InlineData("medicaid", "Coverage", "medicaid-eligibility-change")]
    [InlineData("aco", "Coverage", "")]
    [InlineData("aco", "Group", "attribution-roster-change")]
    [InlineData("hie", "Group", "")]
    public void CoverageAndGroup_OnlyInTheirSourceKind(string kind, string type, string expected)
    {
        using var resource = JsonDocument.Parse("{}");
        var change = new ResourceChange("s", kind, type, "x", "1", "create", null, null, DateTimeOffset.UtcNow);

        Assert.Equal(expected, string.Join(",", TopicTriggers.Raised(change, resource.RootElement, null).Select(t => t.Key)));
    }

    [Theory]
    [InlineData("Encounter?patient=Patient/p1", true)]
    [InlineData("Encounter?patient=p1", true)]
    [InlineData("Encounter?patient=Patient/p2,Patient/p1", true)]
    [InlineData("Encounter?patient=Patient/p2", false)]
    [InlineData("Encounter?patient=Patient/p1&class=IMP", true)]
    [InlineData("Encounter?patient=Patient/p1&class=EMER", false)]
    [InlineData("Encounter?class=http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP", true)]
    public void Filters_MatchReferencesWhateverTheirBase(string filter, bool expected)
    {
        using var encounter = JsonDocument.Parse("""
            {"resourceType":"Encounter","subject":{"reference":"https://gw.example.org/fhir/hie-sandbox/Patient/p1/_history/3"},
             "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"}}
            """);
        var (filters, error) = SubscriptionFilter.Parse(filter, Topics.EncounterStart);

        Assert.Null(error);
        Assert.Equal(expected, FilterMatcher.Matches(filters!, "Encounter", encounter.RootElement));
    }
}
