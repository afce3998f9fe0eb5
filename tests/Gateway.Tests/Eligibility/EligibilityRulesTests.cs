using Hl7.Fhir.Model;
using Lead.Gateway.Eligibility;
using Lead.Gateway.Sources;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Eligibility;

/// <summary>The rules under the check, without a host: SOPT programs, dual status by month, dates, conflicting sources.</summary>
public sealed class EligibilityRulesTests
{
    private static readonly DateOnly March2026 = new(2026, 3, 10);

    [Theory]
    [InlineData("1", true, false, false, false)]
    [InlineData("121", true, false, false, false)]
    [InlineData("11", false, true, false, false)]
    [InlineData("111", false, true, false, false)]
    [InlineData("14", false, true, false, false)]
    [InlineData("2", false, false, true, false)]
    [InlineData("21", false, false, true, true)]
    [InlineData("213", false, false, true, true)]
    public void CoverageFacts_SoptCode_ClassifiedByProgram(string sopt, bool original, bool advantage, bool medicaid, bool managed)
    {
        var coverage = new Coverage { Type = new CodeableConcept(LeadCanonicals.SopTypology, sopt) };

        Assert.Equal(original, CoverageFacts.IsOriginalMedicare(coverage));
        Assert.Equal(advantage, CoverageFacts.IsMedicareAdvantage(coverage));
        Assert.Equal(medicaid, CoverageFacts.IsMedicaid(coverage));
        Assert.Equal(managed, CoverageFacts.IsMedicaidManagedCare(coverage));
    }

    [Fact]
    public void DualStatus_HistoryHasTheMonth_MonthCodeOverCurrent()
    {
        var coverage = Medicaid(current: "02", ("2026-02-01", "01"), ("2026-03-01", "01"), ("2026-04-01", "02"));

        var reading = DualStatus.ReadFor(coverage, March2026);

        Assert.Equal(("01", DualBenefit.Partial, "2026-03"), (reading!.Code, reading.Benefit, reading.HistoryMonth));
    }

    [Fact]
    public void DualStatus_HistoryLacksTheMonth_CurrentCode()
    {
        var coverage = Medicaid(current: "04", ("2026-02-01", "03"));

        var reading = DualStatus.ReadFor(coverage, March2026);

        Assert.Equal(("04", DualBenefit.Full, (string?)null), (reading!.Code, reading.Benefit, reading.HistoryMonth));
    }

    [Theory]
    [InlineData("2026", "2026-01-01", "2026-12-31")]
    [InlineData("2026-02", "2026-02-01", "2026-02-28")]
    [InlineData("2026-02-14T10:00:00Z", "2026-02-14", "2026-02-14")]
    public void FhirDates_PartialDate_CoversItsWholeRange(string value, string start, string end)
    {
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), FhirDates.Start(value));
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), FhirDates.End(value));
    }

    [Fact]
    public void Evaluator_SourcesDisagreeOnDualStatus_DualStatusUnknownNotGuessed()
    {
        var first = Found("medicaid-a", SourceKinds.Medicaid, Medicaid(current: "02"));
        var second = Found("medicaid-b", SourceKinds.Medicaid, Medicaid(current: "03"));

        var answer = EligibilityEvaluator.Evaluate([first, second], March2026);

        var dual = Assert.Single(answer.Facts, f => f.Name == "dualStatus");
        Assert.Equal(EligibilityEvaluator.Unknown, dual.Status);
        Assert.Equal(2, dual.Evidence.Count);
        Assert.NotEqual(EligibilityEvaluator.Eligible, answer.Verdict);
    }

    [Fact]
    public void Evaluator_CoverageEnded_NotInForceOnDate()
    {
        var ended = Medicaid(current: "02");
        ended.Period = new Period { Start = "2020-01-01", End = "2026-02-28" };

        var answer = EligibilityEvaluator.Evaluate([Found("medicaid-a", SourceKinds.Medicaid, ended)], March2026);

        Assert.Equal("not-covered", Assert.Single(answer.Facts, f => f.Name == "medicaid").Status);
        Assert.Contains(answer.Reasons, r => r.Code == "no-medicaid");
    }

    private static Coverage Medicaid(string current, params (string Month, string Code)[] history)
    {
        var coverage = new Coverage
        {
            Id = Guid.NewGuid().ToString("N"),
            Status = FinancialResourceStatusCodes.Active,
            Type = new CodeableConcept(LeadCanonicals.SopTypology, "2"),
            Period = new Period { Start = "2020-01-01" },
        };
        coverage.Extension.Add(new Extension(LeadCanonicals.DualStatusExtension, new Coding(LeadCanonicals.DualStatusCodeSystem, current)));
        foreach (var (month, code) in history)
        {
            var entry = new Extension { Url = LeadCanonicals.DualStatusHistoryExtension };
            entry.Extension.Add(new Extension("month", new Date(month)));
            entry.Extension.Add(new Extension("code", new Coding(LeadCanonicals.DualStatusCodeSystem, code)));
            coverage.Extension.Add(entry);
        }

        return coverage;
    }

    private static SourceFindings Found(string id, string kind, params Coverage[] coverages) =>
        new(new GatewaySource(id, kind, id, new Uri($"http://{id}.example/"), TimeSpan.FromSeconds(1), new SourceAuthOptions(), [], IsSandbox: false),
            SourceState.Found)
        {
            Patient = new Patient { Id = "p1" },
            Coverages = coverages,
        };
}
