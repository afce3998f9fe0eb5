using Lead.Profiles.Loading;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests.Loading;

public sealed class ProfileLoadingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "lead-broken-profiles-" + Guid.NewGuid().ToString("N"));

    public ProfileLoadingTests()
    {
        Directory.CreateDirectory(_folder);
        foreach (var file in Directory.EnumerateFiles(TestPaths.Definitions, "*.json"))
        {
            File.Copy(file, Path.Combine(_folder, Path.GetFileName(file)));
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Startup_MalformedJson_NamesFileAndPosition()
    {
        Break("StructureDefinition-lead-patient.json", s => s.Replace("\"kind\": \"resource\",", "\"kind\": \"resource\"", StringComparison.Ordinal));

        var ex = Assert.Throws<ProfileLoadException>(Load);

        Assert.Equal("StructureDefinition-lead-patient.json", ex.FileName);
        Assert.Contains("line", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Startup_BadFhirPathInvariant_NamesFileAndInvariant()
    {
        Break("StructureDefinition-lead-care-transition-encounter.json", s => s.Replace("period.end.exists() implies", "period.end.exists() implies (", StringComparison.Ordinal));

        var ex = Assert.Throws<ProfileLoadException>(Load);

        Assert.Equal("StructureDefinition-lead-care-transition-encounter.json", ex.FileName);
        Assert.Contains("lead-enc-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_UnknownElementPath_NamesFile()
    {
        Break("StructureDefinition-lead-integrated-care-plan.json", s => s.Replace("\"CarePlan.careTeam\"", "\"CarePlan.careTeamz\"", StringComparison.Ordinal));

        var ex = Assert.Throws<ProfileLoadException>(Load);

        Assert.Equal("StructureDefinition-lead-integrated-care-plan.json", ex.FileName);
        Assert.Contains("snapshot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_UnresolvableBaseDefinition_NamesFile()
    {
        Break("StructureDefinition-lead-medicare-coverage.json", s => s.Replace("http://hl7.org/fhir/StructureDefinition/Coverage\"", "http://hl7.org/fhir/StructureDefinition/Coverag\"", StringComparison.Ordinal));

        var ex = Assert.Throws<ProfileLoadException>(Load);

        Assert.Equal("StructureDefinition-lead-medicare-coverage.json", ex.FileName);
        Assert.Contains("baseDefinition", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_DuplicateCanonical_NamesBothFiles()
    {
        File.Copy(Path.Combine(_folder, "ValueSet-risk-tier.json"), Path.Combine(_folder, "ValueSet-risk-tier-copy.json"));

        var ex = Assert.Throws<ProfileLoadException>(Load);

        Assert.Contains("ValueSet-risk-tier-copy.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ValueSet-risk-tier.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Startup_ValueSetOverMissingCodeSystem_NamesFile()
    {
        File.Delete(Path.Combine(_folder, "CodeSystem-risk-tier.json"));

        var ex = Assert.Throws<ProfileLoadException>(Load);

        Assert.Equal("ValueSet-risk-tier.json", ex.FileName);
    }

    [Fact]
    public void Startup_IntactFolder_LoadsAllLeadProfiles()
    {
        var validator = Load();

        Assert.Contains(LeadCanonicals.LeadPatientProfile, validator.LeadProfiles);
        Assert.Contains(LeadCanonicals.DualStatusHistoryExtension, validator.LeadProfiles);
    }

    private LeadValidator Load() => LeadValidator.Create(TestPaths.Options() with { ProfilesDirectory = _folder }, ValidatorFixture.Core);

    private void Break(string file, Func<string, string> edit)
    {
        var path = Path.Combine(_folder, file);
        var before = File.ReadAllText(path);
        var after = edit(before);
        Assert.NotEqual(before, after);
        File.WriteAllText(path, after);
    }
}
