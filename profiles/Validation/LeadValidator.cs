using System.Diagnostics;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Lead.Profiles.Loading;
using Lead.Profiles.Rules;

namespace Lead.Profiles.Validation;

/// <summary>
/// The gateway's validation service: base R4, claimed (meta.profile) and required LEAD profiles, plus the
/// LEAD domain rules. Thread-safe; create once at start-up, call <see cref="WarmUp"/>, then share.
/// Outcomes only report: the caller decides whether to enforce (422) or warn.
/// </summary>
public sealed class LeadValidator
{
    private readonly ConformanceSources _sources;
    private readonly ValidatorPool _pool;
    private readonly LeadValidatorOptions _options;

    internal LeadValidator(ConformanceSources sources, LeadValidatorOptions options, IElementSchemaResolver? sharedCoreSchemas = null)
    {
        _sources = sources;
        _options = options;
        _pool = new ValidatorPool(sources.Resolver, CreateSettings, IsKnownProfile, options.PoolSize, sharedCoreSchemas);
        LeadProfiles = [.. sources.Profiles.Where(p => p.Resource is StructureDefinition).Select(p => p.Canonical)];
    }

    /// <summary>Canonical URLs of the StructureDefinitions loaded from the profiles folder.</summary>
    public IReadOnlyList<string> LeadProfiles { get; }

    /// <summary>How many schemas this validator has compiled so far (grows when a request needs a type warm-up did not cover).</summary>
    internal int CompiledSchemaCount => _pool.CompiledSchemaCount;

    /// <summary>Loads core spec and profiles; throws <see cref="ProfileLoadException"/> naming the file when a profile is broken.</summary>
    public static LeadValidator Create(LeadValidatorOptions? options = null)
    {
        options ??= new LeadValidatorOptions();
        return Create(options, CoreSpecification.Open(options.SpecificationZipPath, options.ExtractDirectory));
    }

    /// <summary>With an already opened core specification source (tests and tools open it once).</summary>
    internal static LeadValidator Create(LeadValidatorOptions options, CoreSpecification core)
    {
        var sources = ConformanceSources.LoadAsync(options.ProfilesDirectory, core).GetAwaiter().GetResult();
        return new LeadValidator(sources, options);
    }

    /// <summary>True when the canonical (optionally <c>|version</c>) names a StructureDefinition of the core spec or the profiles folder.</summary>
    public bool IsKnownProfile(string canonical) =>
        canonical is not null && _sources.StructureDefinitions.Contains(canonical.Split('|', 2)[0]);

    /// <summary>
    /// Compiles every LEAD profile and the core types they use, and validates the shipped valid examples once,
    /// so the first request pays no cold-start cost (≈ 3 s otherwise). Throws <see cref="ProfileLoadException"/>
    /// when a profile cannot be compiled.
    /// </summary>
    public TimeSpan WarmUp()
    {
        var clock = Stopwatch.StartNew();
        foreach (var file in _sources.Profiles.Where(p => p.Resource is StructureDefinition))
        {
            var sd = (StructureDefinition)file.Resource;
            try
            {
                _ = _pool.SchemaResolver.GetSchema(sd.Url!) ?? throw new InvalidOperationException("the compiler returned no schema");
                _ = _pool.SchemaResolver.GetSchema(sd.BaseDefinition!);
            }
            catch (Exception ex) when (ex is not ProfileLoadException)
            {
                throw new ProfileLoadException(file.FileName, "cannot be compiled: " + ex.Message, ex);
            }
        }

        foreach (var type in WarmUpTypes)
        {
            _ = _pool.SchemaResolver.GetSchema("http://hl7.org/fhir/StructureDefinition/" + type);
        }

        var examples = WarmUpExamples();
        foreach (var example in examples)
        {
            _ = Validate(example);
        }

        // The compiled schemas are kept; the definitions they were compiled from are not needed any more. Validating
        // the examples again re-caches only what validation itself looks up (value sets, code systems).
        _sources.ReleaseCaches();
        foreach (var example in examples)
        {
            _ = Validate(example);
        }

        return clock.Elapsed;
    }

    /// <summary>
    /// Validates against base R4, every profile claimed in meta.profile and every required profile (one pass),
    /// then applies the LEAD domain rules. Unknown claimed or required profiles are error issues.
    /// A Bundle is validated as by <see cref="ValidateBundleEntries"/>, with the required profiles applying to the Bundle itself.
    /// </summary>
    public OperationOutcome Validate(Resource resource, IEnumerable<string>? requiredProfiles = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (resource is Bundle bundle)
        {
            return ValidateBundle(bundle, requiredProfiles, null);
        }

        var issues = new List<OperationOutcome.IssueComponent>();
        var plan = new ValidationPlan();
        var applied = plan.Add(resource, resource.TypeName, requiredProfiles, this, issues);
        issues.AddRange(Run(resource, plan));
        UnknownExtensions.Check(resource, resource.TypeName, IsKnownProfile, _options.UnknownExtensionsAreErrors, issues);
        issues.AddRange(DomainRules.Check(resource, resource.TypeName, bundle: null, applied));
        return Issues.Merge(issues);
    }

    /// <summary>
    /// Validates a batch/transaction (or any) Bundle in one pass: the Bundle and each entry against base and claimed
    /// profiles, each entry against the profiles <paramref name="requiredProfilesFor"/> names for it, and the
    /// cross-entry rules (Medicare before Medicaid per beneficiary; Medicare Advantage on attribution members).
    /// Entry locations are <c>Bundle.entry[i].resource…</c>.
    /// </summary>
    public OperationOutcome ValidateBundleEntries(Bundle bundle, Func<Resource, IEnumerable<string>>? requiredProfilesFor = null)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        return ValidateBundle(bundle, null, requiredProfilesFor);
    }

    private OperationOutcome ValidateBundle(Bundle bundle, IEnumerable<string>? requiredProfiles, Func<Resource, IEnumerable<string>>? requiredProfilesFor)
    {
        var issues = new List<OperationOutcome.IssueComponent>();
        var plan = new ValidationPlan();
        plan.Add(bundle, "Bundle", requiredProfiles, this, issues);
        var appliedByEntry = new Dictionary<int, IReadOnlySet<string>>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is { } entry)
            {
                appliedByEntry[i] = plan.Add(entry, $"Bundle.entry[{i}].resource", requiredProfilesFor?.Invoke(entry), this, issues);
            }
        }

        issues.AddRange(Run(bundle, plan));
        UnknownExtensions.Check(bundle, "Bundle", IsKnownProfile, _options.UnknownExtensionsAreErrors, issues);
        foreach (var (i, applied) in appliedByEntry)
        {
            issues.AddRange(DomainRules.Check(bundle.Entry[i].Resource!, $"Bundle.entry[{i}].resource", bundle, applied));
        }

        issues.AddRange(DomainRules.CheckBundle(bundle));
        return Issues.Merge(issues);
    }

    private List<OperationOutcome.IssueComponent> Run(Resource resource, ValidationPlan plan) =>
        _pool.Use(pooled =>
        {
            foreach (var (location, profiles) in plan.Required)
            {
                pooled.Selection.Require(location, profiles);
            }

            return pooled.Validator.Validate(resource, null).Issue;
        });

    private ValidationSettings CreateSettings(ProfileSelection selection)
    {
        var ignored = _options.IgnoredInvariants.ToHashSet(StringComparer.Ordinal);
        var settings = new ValidationSettings
        {
            SelectValidationProfiles = selection.Select,
        };
        settings.FollowExtensionUrl = (_, url) => url is not null && IsKnownProfile(url.ToString()) ? ExtensionUrlHandling.WarnIfMissing : ExtensionUrlHandling.DontResolve;

        settings.ExcludeFilters.Clear();
#pragma warning disable ExperimentalApi // the key of an invariant is only reachable through FhirPathValidator
        settings.ExcludeFilters.Add(a => a is FhirPathValidator f && ignored.Contains(f.Key));
#pragma warning restore ExperimentalApi
        return settings;
    }

    private List<Resource> WarmUpExamples()
    {
        if (_options.WarmUpExamplesDirectory is not { } dir || !Directory.Exists(dir))
        {
            return [];
        }

        var parser = new Parsing.FhirRequestParser();
        return Directory.EnumerateFiles(dir, "*.json")
            .Select(f => parser.ParseJson(File.ReadAllBytes(f)).Resource)
            .OfType<Resource>()
            .ToList();
    }

    // Types the LEAD profiles and ingress traffic touch first; the rest compile lazily on first use.
    private static readonly string[] WarmUpTypes =
    [
        "Patient", "Coverage", "Group", "RiskAssessment", "CarePlan", "CareTeam", "Encounter", "Bundle", "Parameters",
        "Organization", "Practitioner", "Observation", "Condition", "ExplanationOfBenefit",
        "Identifier", "HumanName", "Address", "ContactPoint", "CodeableConcept", "Coding", "Reference", "Period",
        "Extension", "Meta", "Narrative", "Quantity", "Money", "Attachment", "Annotation", "Timing", "Range", "Ratio",
        "boolean", "code", "date", "dateTime", "decimal", "id", "instant", "integer", "positiveInt", "unsignedInt",
        "string", "uri", "url", "canonical", "markdown", "xhtml",
    ];
}
