using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Sandbox.Seed;

public sealed partial class SyntheticPopulationTests
{
    private static readonly string[] ResDacCodes = ["01", "02", "03", "04", "05", "06", "08", "09"];

    [Fact]
    public void Generate_SameSeed_ProducesIdenticalJson()
    {
        var first = SyntheticPopulation.Generate(SeedFixture.People, SeedFixture.Seed);
        var second = SyntheticPopulation.Generate(SeedFixture.People, SeedFixture.Seed);

        Assert.Equal(SandboxSources.All.Select(s => s.Id).Order(), first.Keys.Order());
        foreach (var (source, resources) in first)
        {
            Assert.Equal(resources.Select(SeedFixture.Json), second[source].Select(SeedFixture.Json));
        }
    }

    [Fact]
    public void Stream_SamePeopleAndSeed_YieldsWhatGenerateReturns()
    {
        var streamed = SyntheticPopulation.Stream(SeedFixture.People, SeedFixture.Seed)
            .GroupBy(x => x.SourceId)
            .ToDictionary(g => g.Key, g => g.Select(x => SeedFixture.Json(x.Resource)).ToList());

        Assert.Equal(SeedFixture.Population.Resources.Keys.Order(), streamed.Keys.Order());
        foreach (var (source, resources) in SeedFixture.Population.Resources)
        {
            Assert.Equal(resources.Select(SeedFixture.Json), streamed[source]);
        }
    }

    [Fact]
    public void Generate_NoPeople_ReturnsEmptyRosterAndNoPatients()
    {
        var resources = SyntheticPopulation.Generate(0, SeedFixture.Seed);

        Assert.Empty(resources.Values.SelectMany(r => r).OfType<Patient>());
        Assert.Empty(resources[SandboxSources.Aco].OfType<Hl7.Fhir.Model.Group>().Single().Member);
    }

    [Fact]
    public void Generate_NegativePeople_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticPopulation.Generate(-1, SeedFixture.Seed));
    }

    [Fact]
    public void Generate_OtherSeed_ProducesOtherPeople()
    {
        var other = SyntheticPopulation.Build(SeedFixture.People, SeedFixture.Seed + 1);

        Assert.NotEqual(SeedFixture.Population.People.Select(p => p.Mbi), other.People.Select(p => p.Mbi));
    }

    [Fact]
    public void Generate_EveryResource_HasIdUniqueWithinItsType()
    {
        foreach (var resources in SeedFixture.Population.Resources.Values)
        {
            Assert.All(resources, r => Assert.False(string.IsNullOrEmpty(r.Id)));
            var keys = resources.Select(r => $"{r.TypeName}/{r.Id}").ToList();
            Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Fact]
    public void Generate_DefaultPopulation_HasAtLeastFiftyDualsInOriginalMedicare()
    {
        var originalMedicareMbis = SeedFixture.Aco.OfType<Coverage>()
            .Where(c => SeedFixture.Sopt(c) == "1")
            .Select(c => SeedFixture.IdentifierValue(SeedFixture.PatientOf(SeedFixture.Aco, c.Beneficiary), LeadCanonicals.MbiSystem))
            .ToHashSet();

        var duals = SeedFixture.Medicaid.OfType<Coverage>()
            .Where(c => c.GetExtension(LeadCanonicals.DualStatusExtension) is not null)
            .Select(c => SeedFixture.IdentifierValue(SeedFixture.PatientOf(SeedFixture.Medicaid, c.Beneficiary), LeadCanonicals.MbiSystem))
            .Count(originalMedicareMbis.Contains);

        Assert.True(duals >= 50, $"{duals} duals in Original Medicare");
    }

    [Fact]
    public void Mbi_EveryGenerated_MatchesFormatRule()
    {
        var mbis = SeedFixture.Population.Resources.Values.SelectMany(r => r).OfType<Patient>()
            .SelectMany(p => p.Identifier).Where(i => i.System == LeadCanonicals.MbiSystem).Select(i => i.Value).ToList();

        Assert.NotEmpty(mbis);
        Assert.All(mbis, mbi =>
        {
            // Written out independently of the generator's own pattern, position by position (domain.md).
            Assert.Matches(MbiRule(), mbi);
            Assert.DoesNotMatch("[SLOIBZ]", mbi);
        });
    }

    [Fact]
    public void References_EverySource_ResolveWithinThatSource()
    {
        foreach (var (source, resources) in SeedFixture.Population.Resources)
        {
            var local = resources.Select(r => $"{r.TypeName}/{r.Id}").ToHashSet(StringComparer.Ordinal);
            var references = resources.SelectMany(SeedFixture.References).ToList();

            Assert.NotEmpty(references);
            Assert.All(references, reference => Assert.True(local.Contains(reference), $"{source}: {reference} does not resolve"));
        }
    }

    [Fact]
    public void Patient_EveryPerson_InTwoSourcesUnderDifferentIdsLinkedByIdentifier()
    {
        var sources = new[] { SeedFixture.Aco, SeedFixture.Medicaid, SeedFixture.Hie }
            .Select(s => s.OfType<Patient>().SelectMany(p => p.Identifier
                    .Where(i => i.System is LeadCanonicals.MbiSystem or SyntheticPopulation.MedicaidIdSystem)
                    .Select(i => (Key: $"{i.System}|{i.Value}", p.Id)))
                .ToLookup(x => x.Key, x => x.Id))
            .ToList();

        Assert.Equal(SeedFixture.People, SeedFixture.Medicaid.OfType<Patient>().Count());
        foreach (var person in SeedFixture.Population.People)
        {
            var keys = new[] { $"{LeadCanonicals.MbiSystem}|{person.Mbi}", $"{SyntheticPopulation.MedicaidIdSystem}|{person.MedicaidId}" };
            var ids = sources.Select(s => keys.SelectMany(k => s[k]).Distinct().ToList()).Where(l => l.Count > 0).ToList();

            Assert.True(ids.Count >= 2, $"person {person.Index} is linkable in {ids.Count} source(s)");
            Assert.All(ids, l => Assert.Single(l));
            Assert.Equal(ids.Count, ids.Select(l => l[0]).Distinct().Count());
        }
    }

    [Fact]
    public void Coverage_Dual_MedicareOrdersFirstMedicaidSecond()
    {
        foreach (var resources in SeedFixture.Population.Resources.Values)
        {
            var coverages = resources.OfType<Coverage>().ToList();
            var withMedicare = coverages.Where(c => SeedFixture.Sopt(c).StartsWith('1')).Select(c => c.Beneficiary.Reference).ToHashSet();

            Assert.All(coverages.Where(c => SeedFixture.Sopt(c).StartsWith('1')), c => Assert.Equal(1, c.Order));
            Assert.All(coverages.Where(c => SeedFixture.Sopt(c).StartsWith('2') && withMedicare.Contains(c.Beneficiary.Reference)),
                c => Assert.Equal(2, c.Order));
        }

        Assert.Contains(SeedFixture.Medicaid.OfType<Coverage>(), c => c.Order == 2);
    }

    [Fact]
    public void DualStatus_EveryCode_ComesFromResDacTable()
    {
        var coverages = SeedFixture.Medicaid.OfType<Coverage>().ToList();
        var current = coverages.Select(c => c.GetExtension(LeadCanonicals.DualStatusExtension)).OfType<Extension>().ToList();
        var history = coverages.SelectMany(c => c.GetExtensions(LeadCanonicals.DualStatusHistoryExtension)).ToList();

        Assert.NotEmpty(current);
        Assert.NotEmpty(history);
        var codings = current.Select(e => e.Value).Concat(history.Select(h => h.GetExtension("code")?.Value)).ToList();
        Assert.All(codings, value =>
        {
            var coding = Assert.IsType<Coding>(value);
            Assert.Equal(LeadCanonicals.DualStatusCodeSystem, coding.System);
            Assert.Contains(coding.Code, ResDacCodes);
        });
        Assert.All(history, h => Assert.EndsWith("-01", Assert.IsType<Date>(h.GetExtension("month")?.Value).Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Generate_PeopleCount_ScalesResourcesLinearly()
    {
        foreach (var people in new[] { 1, 7, SeedFixture.People })
        {
            var resources = SyntheticPopulation.Generate(people, 11);

            Assert.Equal(people, resources[SandboxSources.Medicaid].OfType<Patient>().Count());
        }

        var total = SeedFixture.Population.Resources.Values.Sum(r => r.Count);
        Assert.InRange(total / (double)SeedFixture.People, 20, 40);
    }

    [Fact]
    public void Generate_TenThousandPeople_CompletesWithScaledCounts()
    {
        var population = SyntheticPopulation.Build(10_000, 7);

        var total = population.Resources.Values.Sum(r => r.Count);
        Assert.InRange(total, 200_000, 400_000);
        Assert.Equal(10_000, population.Resources[SandboxSources.Medicaid].OfType<Patient>().Count());
        var roster = population.Resources[SandboxSources.Aco].OfType<Hl7.Fhir.Model.Group>().Single();
        Assert.InRange(roster.Member.Count, 9_000, 10_000);
        Assert.Equal(10_000, population.People.Select(p => p.MedicaidId).Distinct().Count());
        Assert.Equal(population.People.Count(p => p.Mbi is not null), population.People.Select(p => p.Mbi).OfType<string>().Distinct().Count());
    }

    [GeneratedRegex("^[1-9][ACDEFGHJKMNPQRTUVWXY][ACDEFGHJKMNPQRTUVWXY0-9][0-9][ACDEFGHJKMNPQRTUVWXY][ACDEFGHJKMNPQRTUVWXY0-9][0-9][ACDEFGHJKMNPQRTUVWXY][ACDEFGHJKMNPQRTUVWXY][0-9][0-9]$")]
    private static partial Regex MbiRule();
}
