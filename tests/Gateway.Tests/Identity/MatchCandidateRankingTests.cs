using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Identity;

/// <summary>
/// $match ranks demographic candidates before capping them: a common family name shared by more records than the cap
/// must not hide the record that also agrees on given name, birth date and postal code.
/// </summary>
public sealed class MatchCandidateRankingTests
{
    private const int Planted = 2100;

    // Sorts before every sandbox source id, so an unranked (source, id) order would put every planted record first.
    private const string PlantedSource = "a-planted";

    [Fact]
    public async Task Match_FamilySharedBeyondCandidateCap_BestRecordStillProbable()
    {
        var persona = SyntheticPopulation.Personas(SyntheticPopulation.DefaultPeople, SyntheticPopulation.DefaultSeed)[SeedPersonaKind.HieDemographicsOnly];
        await using var gateway = await GatewayHost.StartAsync();
        var best = await IdentityTestData.RecordAsync(gateway, SandboxSources.Hie, persona.HiePatientId);
        Assert.NotNull(best.Family);
        Assert.NotNull(best.BirthDate);
        await PlantNamesakesAsync(gateway, best);
        var patient = new
        {
            resourceType = "Patient",
            name = new[] { new { family = best.Family, given = new[] { best.Given } } },
            birthDate = best.BirthDate,
            address = best.PostalCode is null ? null : new[] { new { postalCode = best.PostalCode } },
        };

        using var response = await gateway.Client.PostAsync("fhir/Patient/$match", IdentityTestData.Fhir(IdentityTestData.MatchParameters(patient)));

        var matches = IdentityTestData.Matches(await IdentityTestData.JsonAsync(response));
        var hie = Assert.Single(matches, m => m.GetProperty("fullUrl").GetString()!.EndsWith($"/{SandboxSources.Hie}/Patient/{persona.HiePatientId}", StringComparison.Ordinal));
        Assert.Equal("probable", IdentityTestData.Grade(hie));
    }

    /// <summary>
    /// Synthetic records straight into the crosswalk: the same family name with another birth date (and no other agreeing
    /// field), plus some with the same birth date and another family name; none of them is worth a grade.
    /// </summary>
    private static async Task PlantNamesakesAsync(GatewayHost gateway, RecordRow best)
    {
        await using var db = await gateway.Services.GetRequiredService<IDbContextFactory<IdentityDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        RecordRow Row(int i, string? family, string? birthDate) => new()
        {
            Source = PlantedSource, PatientId = $"planted-{i:D5}", PersonId = $"person-{Guid.NewGuid():N}", Reason = "new",
            LinkedAt = now, SeenAt = now, Family = family, Given = "PLANTED", BirthDate = birthDate, Gender = null, PostalCode = null,
        };

        db.Records.AddRange(Enumerable.Range(0, Planted).Select(i => Row(i, best.Family, best.BirthDate == "1901-01-01" ? "1902-02-02" : "1901-01-01")));
        db.Records.AddRange(Enumerable.Range(Planted, 300).Select(i => Row(i, "PLANTEDOTHER", best.BirthDate)));
        await db.SaveChangesAsync();
    }
}
