using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Lead.Gateway.Identity.Crosswalk;
using Lead.Gateway.Identity.Storage;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Gateway.Tests.Infrastructure;
using Lead.Gateway.Tests.Smart;
using Lead.Profiles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Lead.Gateway.Tests.Identity;

/// <summary>The combined record across the three sandbox sources, by identifier and by person id.</summary>
[Collection(SandboxGatewayCollection.Name)]
public sealed class EverythingTests(SandboxGatewayFixture fixture)
{
    private static readonly string[] PatientAndCoverage = ["Patient", "Coverage"];

    private SeedPersona Dual => fixture.Personas[SeedPersonaKind.FullBenefitAttributedDual];

    private static string ByMbi(SeedPersona persona) => $"fhir/Patient/$everything?identifier={LeadCanonicals.MbiSystem}|{persona.Mbi}";

    [Fact]
    public async Task Everything_ByIdentifier_MergesThreeSourcesWithoutDuplicates()
    {
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);

        using var response = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_count=1000");
        var bundle = await IdentityTestData.JsonAsync(response);

        var entries = IdentityTestData.Matches(bundle);
        var fullUrls = entries.Select(e => e.GetProperty("fullUrl").GetString()!).ToList();
        Assert.Equal("searchset", bundle.GetProperty("type").GetString());
        Assert.Equal(entries.Count, bundle.GetProperty("total").GetInt32());
        Assert.Equal(fullUrls.Count, fullUrls.Distinct().Count());
        Assert.Contains(Url(SandboxSources.Aco, "Patient", Dual.AcoPatientId!), fullUrls);
        Assert.Contains(Url(SandboxSources.Medicaid, "Patient", Dual.MedicaidPatientId!), fullUrls);
        Assert.Contains(Url(SandboxSources.Hie, "Patient", Dual.HiePatientId!), fullUrls);
        Assert.Contains(entries, e => Source(e) == SandboxSources.Medicaid && Type(e) == "Coverage");
        Assert.Contains(entries, e => Source(e) == SandboxSources.Aco && Type(e) == "ExplanationOfBenefit");
        Assert.Contains(entries, e => Source(e) == SandboxSources.Hie && Type(e) == "Observation");
        Assert.All(entries, e => Assert.StartsWith(Url(Source(e), "", "").TrimEnd('/'), e.GetProperty("fullUrl").GetString(), StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal(Url(Source(e), "", "").TrimEnd('/'), e.GetProperty("resource").GetProperty("meta").GetProperty("source").GetString()));
    }

    [Fact]
    public async Task Everything_SourceCounts_MatchEachSourcesOwnCompartmentSearch()
    {
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        using var response = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_count=1000&_type=Observation");
        var entries = IdentityTestData.Matches(await IdentityTestData.JsonAsync(response));

        using var hie = await fixture.Gateway.Client.GetAsync($"fhir/{SandboxSources.Hie}/Observation?patient=Patient/{Dual.HiePatientId}&_count=500");
        using var aco = await fixture.Gateway.Client.GetAsync($"fhir/{SandboxSources.Aco}/Observation?patient=Patient/{Dual.AcoPatientId}&_count=500");

        Assert.All(entries, e => Assert.Equal("Observation", Type(e)));
        Assert.Equal(IdentityTestData.Matches(await IdentityTestData.JsonAsync(hie)).Count, entries.Count(e => Source(e) == SandboxSources.Hie));
        Assert.Equal(IdentityTestData.Matches(await IdentityTestData.JsonAsync(aco)).Count, entries.Count(e => Source(e) == SandboxSources.Aco));
    }

    [Fact]
    public async Task Everything_Paging_CursorWalksAllEntriesOnce()
    {
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        using var whole = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_count=1000");
        var expected = IdentityTestData.Matches(await IdentityTestData.JsonAsync(whole)).Select(e => e.GetProperty("fullUrl").GetString()).ToList();

        var seen = new List<string?>();
        string? next = ByMbi(Dual) + "&_count=7";
        var pages = 0;
        while (next is not null && pages++ < 100)
        {
            using var response = await fixture.Gateway.Client.GetAsync(next);
            var bundle = await IdentityTestData.JsonAsync(response);
            seen.AddRange(IdentityTestData.Matches(bundle).Select(e => e.GetProperty("fullUrl").GetString()));
            next = bundle.GetProperty("link").EnumerateArray().Where(l => l.GetProperty("relation").GetString() == "next")
                .Select(l => l.GetProperty("url").GetString()).FirstOrDefault();
        }

        Assert.True(pages > 2);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Everything_Paging_SourceDeletesMidWalk_StillEveryResourceOfTheSnapshotOnce()
    {
        // A fresh synthetic person with a few Observations in one source, paged three at a time.
        var mbi = SyntheticPatients.Mbi();
        var patientId = await CreateAsync(SandboxSources.Hie, SyntheticPatients.Patient(SyntheticPatients.Family(), "Pat", "1950-03-04", SyntheticPatients.MbiIdentifier(mbi)));
        var observations = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            observations.Add(await CreateAsync(SandboxSources.Hie,
                $$$"""{"resourceType":"Observation","status":"final","code":{"text":"paging probe"},"subject":{"reference":"Patient/{{{patientId}}}"}}"""));
        }

        var queries = await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        await IdentityTestData.EventuallyAsync(() => queries.RecordAsync(SandboxSources.Hie, patientId, CancellationToken.None), r => r is not null);
        var byMbi = $"fhir/Patient/$everything?identifier={LeadCanonicals.MbiSystem}|{mbi}&_type=Patient,Observation";
        using var whole = await fixture.Gateway.Client.GetAsync(byMbi + "&_count=1000");
        var expected = IdentityTestData.Matches(await IdentityTestData.JsonAsync(whole)).Select(e => e.GetProperty("fullUrl").GetString()).ToList();

        var seen = new List<string?>();
        string? next = byMbi + "&_count=3";
        var pages = 0;
        while (next is not null && pages++ < 20)
        {
            using var response = await fixture.Gateway.Client.GetAsync(next);
            var bundle = await IdentityTestData.JsonAsync(response);
            var page = IdentityTestData.Matches(bundle).Select(e => e.GetProperty("fullUrl").GetString()).ToList();
            seen.AddRange(page);
            if (pages == 1)
            {
                // Gone upstream after the first page: the walk still shows the snapshot it started from.
                var first = page.First(u => u!.Contains("/Observation/", StringComparison.Ordinal))!;
                using var deleted = await fixture.Gateway.Client.DeleteAsync($"fhir/{SandboxSources.Hie}/Observation/{first[(first.LastIndexOf('/') + 1)..]}");
                Assert.True(deleted.IsSuccessStatusCode, $"{(int)deleted.StatusCode}");
            }

            next = bundle.GetProperty("link").EnumerateArray().Where(l => l.GetProperty("relation").GetString() == "next")
                .Select(l => l.GetProperty("url").GetString()).FirstOrDefault();
        }

        Assert.Equal(9, expected.Count);
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Everything_CursorPageWithNarrowerToken_ShowsOnlyWhatThatTokenGrants()
    {
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        using var first = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_count=2");
        var next = (await IdentityTestData.JsonAsync(first)).GetProperty("link").EnumerateArray()
            .First(l => l.GetProperty("relation").GetString() == "next").GetProperty("url").GetString()!;
        using var narrower = fixture.Gateway.CreateClient("system/Patient.rs");

        using var response = await narrower.GetAsync(next);

        // The assembly kept for the first token's walk is not the narrower token's: its page is built from its own grants.
        Assert.All(IdentityTestData.Matches(await IdentityTestData.JsonAsync(response)), e => Assert.Equal("Patient", Type(e)));
    }

    [Fact]
    public async Task Everything_TypeAndSince_Filter()
    {
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);

        using var typed = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_type=Patient,Coverage");
        using var future = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_since=2999-01-01T00:00:00Z");
        using var unknown = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_type=Basic");

        var entries = IdentityTestData.Matches(await IdentityTestData.JsonAsync(typed));
        Assert.Equal(3, entries.Count(e => Type(e) == "Patient"));
        Assert.Contains(entries, e => Type(e) == "Coverage");
        Assert.All(entries, e => Assert.Contains(Type(e), PatientAndCoverage));
        Assert.Empty(IdentityTestData.Matches(await IdentityTestData.JsonAsync(future)));
        await OutcomeAssert.ReadAsync(unknown, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Everything_TokenWithoutType_LeavesTypeOut()
    {
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        using var client = fixture.Gateway.CreateClient("system/Patient.rs system/Coverage.rs");

        using var response = await client.GetAsync(ByMbi(Dual));

        var entries = IdentityTestData.Matches(await IdentityTestData.JsonAsync(response));
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Contains(Type(e), PatientAndCoverage));
    }

    [Fact]
    public async Task Everything_ByPersonId_SameAsByIdentifier()
    {
        var record = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Aco, Dual.AcoPatientId);

        using var byPerson = await fixture.Gateway.Client.GetAsync($"fhir/Patient/{record.PersonId}/$everything?_count=1000");
        using var byIdentifier = await fixture.Gateway.Client.GetAsync(ByMbi(Dual) + "&_count=1000");
        using var unknown = await fixture.Gateway.Client.GetAsync($"fhir/Patient/person-{Guid.NewGuid():N}/$everything");

        Assert.Equal(
            IdentityTestData.Matches(await IdentityTestData.JsonAsync(byIdentifier)).Select(e => e.GetProperty("fullUrl").GetString()),
            IdentityTestData.Matches(await IdentityTestData.JsonAsync(byPerson)).Select(e => e.GetProperty("fullUrl").GetString()));
        await OutcomeAssert.ReadAsync(unknown, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Everything_PatientToken_OwnPersonOnly()
    {
        var other = fixture.Personas[SeedPersonaKind.PartialBenefitDual];
        var mine = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Aco, Dual.AcoPatientId);
        var theirs = await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Aco, other.AcoPatientId);
        var queries = await IdentityTestData.CrosswalkAsync(fixture.Gateway);
        var myRecords = (await queries.OfPersonsAsync([mine.PersonId], CancellationToken.None)).Select(r => (r.Source, r.PatientId)).ToList();
        using var client = await PatientClientAsync(Dual.AcoPatientId!);

        using var own = await client.GetAsync($"fhir/Patient/{mine.PersonId}/$everything?_count=1000");
        using var ownByMbi = await client.GetAsync(ByMbi(Dual));
        using var otherPerson = await client.GetAsync($"fhir/Patient/{theirs.PersonId}/$everything");
        using var otherByMbi = await client.GetAsync(ByMbi(other));

        var entries = IdentityTestData.Matches(await IdentityTestData.JsonAsync(own));
        Assert.Equal(HttpStatusCode.OK, ownByMbi.StatusCode);
        Assert.Equal(3, entries.Count(e => Type(e) == "Patient"));
        Assert.All(entries, e => Assert.True(BelongsToOneOf(e, myRecords), e.GetProperty("fullUrl").GetString()));
        await OutcomeAssert.ReadAsync(otherPerson, HttpStatusCode.NotFound);
        await OutcomeAssert.ReadAsync(otherByMbi, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Everything_PatientTokenAskingByIdentifier_UnknownOtherAndConflictIndistinguishable()
    {
        var other = fixture.Personas[SeedPersonaKind.PartialBenefitDual];
        await IdentityTestData.RecordAsync(fixture.Gateway, SandboxSources.Aco, other.AcoPatientId);
        var conflicted = await PlantConflictedMbiAsync();
        using var client = await PatientClientAsync(Dual.AcoPatientId!);

        using var unknown = await client.GetAsync($"fhir/Patient/$everything?identifier={LeadCanonicals.MbiSystem}|{SyntheticPatients.Mbi()}");
        using var otherPerson = await client.GetAsync(ByMbi(other));
        using var conflict = await client.GetAsync($"fhir/Patient/$everything?identifier={LeadCanonicals.MbiSystem}|{conflicted}");
        using var ownByMbi = await client.GetAsync(ByMbi(Dual));

        var answers = new List<(HttpStatusCode Status, string Body)>();
        foreach (var response in new[] { unknown, otherPerson, conflict })
        {
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        Assert.Equal(HttpStatusCode.OK, ownByMbi.StatusCode);
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.NotFound, a.Status));
        Assert.All(answers, a => Assert.Equal(answers[0].Body, a.Body));
    }

    [Fact]
    public async Task Everything_SourcePatientId_StillGoesToTheSource()
    {
        await IdentityTestData.CrosswalkAsync(fixture.Gateway);

        using var response = await fixture.Gateway.Client.GetAsync($"fhir/Patient/{Dual.AcoPatientId}/$everything");

        // Not the gateway's person route (that would be 404 "No such person" or a Bundle): the proxy forwarded it.
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("No such person", body, StringComparison.Ordinal);
    }

    private async Task<string> CreateAsync(string source, object resource)
    {
        using var response = await fixture.Gateway.Client.PostAsync($"fhir/{source}/{(resource is string ? "Observation" : "Patient")}",
            resource is string json ? IdentityTestData.Fhir(json) : IdentityTestData.Fhir(resource));
        return (await IdentityTestData.JsonAsync(response)).GetProperty("id").GetString()!;
    }

    /// <summary>A synthetic MBI two planted records of two persons carry (a conflict, as the crosswalk stores one).</summary>
    private async Task<string> PlantConflictedMbiAsync()
    {
        var mbi = SyntheticPatients.Mbi();
        await using var db = await fixture.Gateway.Services.GetRequiredService<IDbContextFactory<IdentityDbContext>>().CreateDbContextAsync();
        foreach (var patientId in new[] { $"conflict-a-{mbi}", $"conflict-b-{mbi}" })
        {
            db.Records.Add(new RecordRow { Source = "a-planted", PatientId = patientId, PersonId = $"person-{Guid.NewGuid():N}", Reason = "mbi" });
            db.Identifiers.Add(new IdentifierRow { Source = "a-planted", PatientId = patientId, Kind = StrongIdentifier.Mbi, System = LeadCanonicals.MbiSystem, Value = mbi });
        }

        await db.SaveChangesAsync();
        return mbi;
    }

    private async Task<HttpClient> PatientClientAsync(string acoPatientId)
    {
        using var driver = new AppLaunchDriver(fixture.Gateway.BaseAddress);
        var token = await driver.LaunchAsync("openid fhirUser launch/patient patient/*.rs", new Uri(fixture.Gateway.BaseAddress, "fhir").AbsoluteUri, acoPatientId);
        var client = new HttpClient { BaseAddress = fixture.Gateway.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        return client;
    }

    private string Url(string source, string type, string id) => new Uri(fixture.Gateway.BaseAddress, $"fhir/{source}/{type}/{id}").AbsoluteUri;

    private static string Type(JsonElement entry) => entry.GetProperty("resource").GetProperty("resourceType").GetString()!;

    private static string Source(JsonElement entry) =>
        entry.GetProperty("resource").GetProperty("meta").GetProperty("tag").EnumerateArray()
            .First(t => t.GetProperty("system").GetString() == LeadCanonicals.SourceTagSystem).GetProperty("code").GetString()!;

    private static bool BelongsToOneOf(JsonElement entry, List<(string Source, string PatientId)> records)
    {
        var text = entry.GetProperty("resource").GetRawText();
        var source = Source(entry);
        return records.Any(r => r.Source == source
            && (Type(entry) == "Patient" ? entry.GetProperty("resource").GetProperty("id").GetString() == r.PatientId : text.Contains($"Patient/{r.PatientId}\"", StringComparison.Ordinal)));
    }
}
