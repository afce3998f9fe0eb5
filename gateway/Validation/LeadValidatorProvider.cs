using System.Collections.Concurrent;
using Lead.Gateway.Hosting;
using Lead.Profiles.Validation;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Validation;

/// <summary>
/// The one <see cref="LeadValidator"/> of the process (thread-safe, expensive to build: core specification plus LEAD
/// profiles with generated snapshots). Built and warmed at start-up by <see cref="ValidationWarmUp"/>; a broken profile
/// stops start-up with the file and fault named. Hosts in one process that share a specification folder share it.
/// </summary>
internal sealed class LeadValidatorProvider(IOptions<ValidationOptions> options, IOptions<GatewayOptions> gateway)
{
    private static readonly ConcurrentDictionary<(string, bool), Lazy<LeadValidator>> Shared = new();

    public LeadValidator Validator => Entry.Value;

    public bool IsReady => Entry.IsValueCreated;

    private Lazy<LeadValidator> Entry => Shared.GetOrAdd((SpecificationDirectory, options.Value.UnknownExtensionsAreErrors), key => new Lazy<LeadValidator>(
        () =>
        {
            var validator = LeadValidator.Create(new LeadValidatorOptions { ExtractDirectory = key.Item1, UnknownExtensionsAreErrors = key.Item2 });
            validator.WarmUp();
            return validator;
        }, LazyThreadSafetyMode.ExecutionAndPublication));

    private string SpecificationDirectory => string.IsNullOrWhiteSpace(options.Value.SpecificationDirectory)
        ? Path.Combine(gateway.Value.ResolveDataDirectory(), "fhir-r4-spec")
        : Path.GetFullPath(options.Value.SpecificationDirectory);
}
