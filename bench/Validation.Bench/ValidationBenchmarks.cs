using BenchmarkDotNet.Attributes;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;
using Lead.Profiles.Parsing;
using Lead.Profiles.Validation;

namespace Lead.Validation.Bench;

/// <summary>
/// Validations per second through the gateway's LeadValidator (pooled, domain rules included) beside a raw Firely
/// Validator reused on the same input (the upper bound: ~1,500 Patients/s per core on this machine kind).
/// One operation = one validation; the parallel variants spread <see cref="Batch"/> validations over all cores.
/// </summary>
[MemoryDiagnoser]
public class ValidationBenchmarks
{
    private const int Batch = 256;

    private static readonly int Cores = Environment.ProcessorCount;

    private LeadValidator _service = null!;
    private Validator _raw = null!;
    private Validator[] _rawPerCore = null!;
    private Resource _resource = null!;

    [Params("Patient-lead-patient.json", "Coverage-lead-medicaid.json")]
    public string Example { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var extract = Path.Combine(Path.GetTempPath(), "lead-bench-spec");
        _service = LeadValidator.Create(new LeadValidatorOptions { ExtractDirectory = extract });
        _service.WarmUp();

        // The raw baseline, as in docs/dotnet-notes.md: one resolver chain, one reused Validator.
        var core = new CachedResolver(new ZipSource(Path.Combine(AppContext.BaseDirectory, "specification.zip"), extract));
        var resolver = new CachedResolver(new SnapshotSource(new MultiResolver(new DirectorySource(new LeadValidatorOptions().ProfilesDirectory), core)));
        _raw = new Validator(resolver, new LocalTerminologyService(resolver));
        _rawPerCore = [.. Enumerable.Range(0, Cores).Select(_ => new Validator(resolver, new LocalTerminologyService(resolver)))];

        var path = Path.Combine(AppContext.BaseDirectory, "profiles", "examples", "valid", Example);
        _resource = new FhirRequestParser().ParseJson(File.ReadAllBytes(path)).Resource!;
        if (_service.Validate(_resource).Issue.Any(i => i.Severity == OperationOutcome.IssueSeverity.Error))
        {
            throw new InvalidOperationException($"{Example} should be valid");
        }

        _ = _raw.Validate(_resource);
        Array.ForEach(_rawPerCore, v => v.Validate(_resource));
    }

    [Benchmark(Baseline = true, Description = "raw Firely, 1 thread")]
    public OperationOutcome RawFirely_SingleThread() => _raw.Validate(_resource);

    [Benchmark(Description = "LeadValidator, 1 thread")]
    public OperationOutcome Service_SingleThread() => _service.Validate(_resource);

    // One long-lived, warmed validator per core, each driven by its own worker: the best a caller could do by hand.
    [Benchmark(OperationsPerInvoke = Batch, Description = "raw Firely, all cores (validator per core)")]
    public void RawFirely_AllCores() =>
        Parallel.For(0, Cores, core =>
        {
            for (var i = 0; i < Batch / Cores; i++)
            {
                _rawPerCore[core].Validate(_resource);
            }
        });

    [Benchmark(OperationsPerInvoke = Batch, Description = "LeadValidator, all cores")]
    public void Service_AllCores() =>
        Parallel.For(0, Cores, _ =>
        {
            for (var i = 0; i < Batch / Cores; i++)
            {
                _service.Validate(_resource);
            }
        });
}
