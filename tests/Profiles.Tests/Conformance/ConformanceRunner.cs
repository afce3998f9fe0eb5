using System.Text.Json;
using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Model;
using Lead.Profiles.Loading;
using Lead.Profiles.Parsing;
using Lead.Profiles.Validation;

namespace Lead.Profiles.Tests.Conformance;

/// <summary>
/// Runs the HL7 validator test cases through the gateway's validation service (LeadValidator), each case with its
/// own supporting conformance resources, all cases sharing the compiled core schemas (as Firely's own harness does).
/// </summary>
internal sealed class ConformanceRunner(string suiteFolder, bool unknownExtensionsAreErrors = false)
{
    private static readonly FhirRequestParser Parser = new();

    // Firely's harness skips rng-2 and dom-6; the figures compare against that harness.
    private readonly LeadValidatorOptions _options = TestPaths.Options() with
    {
        IgnoredInvariants = ["dom-6", "rng-2"],
        PoolSize = 1,
        WarmUpExamplesDirectory = null,
        UnknownExtensionsAreErrors = unknownExtensionsAreErrors,
    };

#pragma warning disable ExperimentalApi // shared compiled core schemas, see ValidatorPool
    private readonly IElementSchemaResolver _coreSchemas = StructureDefinitionToElementSchemaResolver.CreatedCached(ValidatorFixture.Core.Resolver);
#pragma warning restore ExperimentalApi

    public IReadOnlyList<ConformanceCase> LoadIndex() =>
        JsonSerializer.Deserialize<ConformanceIndex>(File.ReadAllText(Path.Combine(suiteFolder, "index.json")))!.Cases;

    public CaseVerdict Run(ConformanceCase c)
    {
        var cases = Path.Combine(suiteFolder, "cases");
        var parsed = ParseFile(Path.Combine(cases, c.File));
        if (parsed.Resource is null)
        {
            // The gateway refuses what it cannot parse: that is an "invalid" verdict.
            return new CaseVerdict(c, true, c.Profile is null ? null : true, "parse: " + parsed.Outcome.Issue.FirstOrDefault()?.Details?.Text);
        }

        var supporting = c.Supporting.Select(f => ParseFile(Path.Combine(cases, f)).Resource).OfType<Resource>().ToList();
        try
        {
            var validator = new LeadValidator(ConformanceSources.ForResources(supporting, ValidatorFixture.Core), _options, _coreSchemas);
            var baseErrors = FirstError(validator.Validate(parsed.Resource));
            bool? profileInvalid = null;
            string? profileErrors = null;
            if (c.Profile is not null)
            {
                var profileUrl = ProfileUrl(cases, c.Profile);
                profileErrors = profileUrl is null ? "profile file has no StructureDefinition" : FirstError(validator.Validate(parsed.Resource, [profileUrl]));
                profileInvalid = profileErrors is not null;
            }

            return new CaseVerdict(c, baseErrors is not null, profileInvalid, baseErrors ?? profileErrors);
        }
        catch (Exception ex)
        {
            return new CaseVerdict(c, true, c.Profile is null ? null : true, "exception: " + ex.Message);
        }
    }

    // The first error, shortened, so the disagreement lists in docs/conformance.md say why we said "invalid".
    private static string? FirstError(OperationOutcome outcome) =>
        outcome.Issue.FirstOrDefault(OutcomeAssert.IsError) is { } e
            ? $"[{string.Join(",", e.Expression)}] {(e.Details?.Text ?? e.Diagnostics ?? "").ReplaceLineEndings(" ")}" is var text && text.Length > 160 ? text[..160] + "…" : text
            : null;

    private static string? ProfileUrl(string cases, string file) => ParseFile(Path.Combine(cases, file)).Resource switch
    {
        StructureDefinition sd => sd.Url,
        _ => null,
    };

    private static FhirParseResult ParseFile(string path) =>
        Parser.Parse(File.ReadAllBytes(path), path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? "application/fhir+xml" : "application/fhir+json");
}
