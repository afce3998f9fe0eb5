using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Lead.Gateway.Sandbox;
using Lead.Gateway.Sandbox.Seed;
using Lead.Profiles;

namespace Lead.Gateway.Tests.Sandbox.Seed;

/// <summary>The default population, generated once for the read-only tests, and small lookups over it.</summary>
internal static partial class SeedFixture
{
    public const int People = 60;
    public const int Seed = 2027;

    private static readonly Lazy<SeedPopulation> Lazy = new(() => SyntheticPopulation.Build(People, Seed));

    public static SeedPopulation Population => Lazy.Value;

    public static IReadOnlyList<Resource> Aco => Population.Resources[SandboxSources.Aco];
    public static IReadOnlyList<Resource> Medicaid => Population.Resources[SandboxSources.Medicaid];
    public static IReadOnlyList<Resource> Hie => Population.Resources[SandboxSources.Hie];

    public static string Json(Resource resource) => new FhirJsonSerializer().SerializeToString(resource);

    public static IEnumerable<string> References(Resource resource) =>
        ReferencePattern().Matches(Json(resource)).Select(m => m.Groups[1].Value);

    public static string? IdentifierValue(Patient patient, string system) =>
        patient.Identifier.FirstOrDefault(i => i.System == system)?.Value;

    public static Patient PatientOf(IReadOnlyList<Resource> source, ResourceReference reference) =>
        source.OfType<Patient>().Single(p => $"Patient/{p.Id}" == reference.Reference);

    public static string Sopt(Coverage coverage) =>
        coverage.Type?.Coding.Single(c => c.System == LeadCanonicals.SopTypology).Code ?? string.Empty;

    public static string? DualCode(Coverage coverage) =>
        (coverage.GetExtension(LeadCanonicals.DualStatusExtension)?.Value as Coding)?.Code;

    public static List<(string? Month, string? Code)> DualHistory(Coverage coverage) =>
        coverage.GetExtensions(LeadCanonicals.DualStatusHistoryExtension)
            .Select(h => ((h.GetExtension("month")?.Value as Date)?.Value, (h.GetExtension("code")?.Value as Coding)?.Code))
            .ToList();

    [GeneratedRegex("\"reference\":\"([^\"]+)\"")]
    private static partial Regex ReferencePattern();
}
