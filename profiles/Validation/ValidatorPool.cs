using System.Collections.Concurrent;
using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Lead.Profiles.Validation;

/// <summary>A Firely validator and the per-call profile selection its settings read.</summary>
internal sealed record PooledValidator(Validator Validator, ProfileSelection Selection);

/// <summary>
/// Firely validators are not thread-safe, and a new one per call is ~30× slower than a reused one.
/// The pool hands each caller an exclusive validator; all of them share one compiled-schema cache,
/// so a schema is compiled once per process, not once per validator.
/// </summary>
internal sealed class ValidatorPool
{
    private readonly ConcurrentBag<PooledValidator> _idle = [];
    private readonly ConcurrentDictionary<Firely.Fhir.Validation.Canonical, ElementSchema?> _schemas = new();
    private readonly IAsyncResourceResolver _resolver;
    private readonly ICodeValidationTerminologyService _terminology;
    private readonly IElementSchemaResolver? _sharedCoreSchemas;
    private readonly Func<ProfileSelection, ValidationSettings> _settings;
    private readonly Func<string, bool> _isKnown;
    private readonly int _size;

    public ValidatorPool(IAsyncResourceResolver resolver, Func<ProfileSelection, ValidationSettings> settings, Func<string, bool> isKnown, int size, IElementSchemaResolver? sharedCoreSchemas)
    {
        _resolver = resolver;
        _terminology = new CachedTerminologyService(new LocalTerminologyService(resolver));
        _settings = settings;
        _isKnown = isKnown;
        _size = Math.Max(1, size);
        _sharedCoreSchemas = sharedCoreSchemas;
        SchemaResolver = CreateSchemaResolver();
    }

    /// <summary>How many schemas have been compiled (or found missing) so far.</summary>
    public int CompiledSchemaCount => _schemas.Count;

    /// <summary>A schema resolver over the shared cache, used to compile schemas ahead of traffic.</summary>
    public IElementSchemaResolver SchemaResolver { get; }

    public T Use<T>(Func<PooledValidator, T> work)
    {
        var pooled = _idle.TryTake(out var idle) ? idle : Create();
        try
        {
            return work(pooled);
        }
        finally
        {
            pooled.Selection.Clear();

            // Beyond the bound, extra validators made under a burst are left to the GC.
            if (_idle.Count < _size)
            {
                _idle.Add(pooled);
            }
        }
    }

    private PooledValidator Create()
    {
        var selection = new ProfileSelection(_isKnown);
        return new PooledValidator(new Validator(_resolver, _terminology, null, _settings(selection), CreateSchemaResolver()), selection);
    }

#pragma warning disable ExperimentalApi // sharing the compiled-schema cache is the documented way to make pooled validators cheap
    private IElementSchemaResolver CreateSchemaResolver()
    {
        var own = StructureDefinitionToElementSchemaResolver.CreatedCached(_resolver, _schemas);
        return _sharedCoreSchemas is null ? own : new MultiElementSchemaResolver(_sharedCoreSchemas, own);
    }
#pragma warning restore ExperimentalApi
}
