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
    [InlineData("Encounter?patient=Patient/p1@hie-sandbox", true)]
    [InlineData("Encounter?patient=Patient/p1@aco-sandbox", false)]
    [InlineData("Encounter?patient=Patient/p2@hie-sandbox,Patient/p1@hie-sandbox", true)]
    [InlineData("Encounter?patient=Patient/p2@hie-sandbox", false)]
    [InlineData("Encounter?patient=Patient/p1@hie-sandbox&class=IMP", true)]
    [InlineData("Encounter?patient=Patient/p1@hie-sandbox&class=EMER", false)]
    [InlineData("Encounter?class=http://terminology.hl7.org/CodeSystem/v3-ActCode|IMP", true)]
    [InlineData("Encounter?service-provider=Organization/o1", true)]
    [InlineData("Encounter?service-provider=o1", true)]
    public void Filters_PatientsAsPlacedKeys_OthersWhateverTheirBase(string filter, bool expected)
    {
        using var encounter = JsonDocument.Parse("""
            {"resourceType":"Encounter","subject":{"reference":"Patient/p1/_history/3"},
             "serviceProvider":{"reference":"https://elsewhere.example.org/fhir/Organization/o1"},
             "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"IMP"}}
            """);
        var (filters, error) = SubscriptionFilter.Parse(filter, Topics.EncounterStart);

        Assert.Null(error);
        // The resource is in hie-sandbox: its relative patient references are that source's.
        Assert.Equal(expected, FilterMatcher.Matches(filters!, "Encounter", encounter.RootElement, r => FilterMatcher.Normalize(r) + "@hie-sandbox"));
    }
}
