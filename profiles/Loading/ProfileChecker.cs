using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Snapshot;
using Hl7.Fhir.Specification.Source;
using Hl7.FhirPath;

namespace Lead.Profiles.Loading;

/// <summary>
/// Start-up checks that need the whole resolver: snapshot generation, FHIRPath invariants and
/// ValueSet includes. Each failure names the file, because an operator fixes files, not canonicals.
/// </summary>
internal static class ProfileChecker
{
    private static readonly FhirPathCompiler PathCompiler = new();

    public static async System.Threading.Tasks.Task CheckAsync(IReadOnlyList<ProfileFile> files, IAsyncResourceResolver resolver)
    {
        foreach (var file in files)
        {
            switch (file.Resource)
            {
                case StructureDefinition sd:
                    await CheckStructureDefinitionAsync(file, sd, resolver).ConfigureAwait(false);
                    break;
                case ValueSet vs:
                    await CheckValueSetAsync(file, vs, resolver).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static async System.Threading.Tasks.Task CheckStructureDefinitionAsync(ProfileFile file, StructureDefinition sd, IAsyncResourceResolver resolver)
    {
        if ((await resolver.TryResolveByCanonicalUriAsync(sd.BaseDefinition ?? "").ConfigureAwait(false)).Value is not StructureDefinition baseSd)
        {
            throw new ProfileLoadException(file.FileName, $"baseDefinition '{sd.BaseDefinition}' cannot be resolved");
        }

        // Generate on a copy: the resolver's SnapshotSource makes its own, this one is only for the verdict.
        var copy = (StructureDefinition)sd.DeepCopy();
        var generator = new SnapshotGenerator(resolver, SnapshotGeneratorSettings.CreateDefault());
        try
        {
            await generator.UpdateAsync(copy).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            throw new ProfileLoadException(file.FileName, "snapshot generation failed: " + ex.Message, ex);
        }

        var faults = generator.Outcome?.Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => $"{i.Details?.Text ?? i.Diagnostics} ({string.Join(",", i.Expression)})")
            .ToList();
        if (faults is { Count: > 0 })
        {
            throw new ProfileLoadException(file.FileName, "snapshot generation failed: " + string.Join("; ", faults));
        }

        if (UnknownPath(sd, baseSd) is { } unknown)
        {
            throw new ProfileLoadException(file.FileName, $"snapshot generation failed: differential element '{unknown}' does not exist in the base definition");
        }

        foreach (var constraint in sd.Differential?.Element.SelectMany(e => e.Constraint) ?? [])
        {
            try
            {
                PathCompiler.Compile(constraint.Expression ?? throw new FormatException("no expression"));
            }
            catch (Exception ex)
            {
                throw new ProfileLoadException(file.FileName, $"invariant '{constraint.Key}' has an invalid FHIRPath expression: {ex.Message}", ex);
            }
        }
    }

    /// <summary>
    /// The snapshot generator appends differential elements with a misspelt path instead of reporting them.
    /// A path is unknown when its parent is the root or a backbone element of the base (whose children the
    /// base lists) and the base does not list it; children of datatypes (identifier.value) are left to the generator.
    /// </summary>
    private static string? UnknownPath(StructureDefinition sd, StructureDefinition baseSd)
    {
        var basePaths = baseSd.Snapshot?.Element.Where(e => e.Path is not null).DistinctBy(e => e.Path).ToDictionary(e => e.Path!, StringComparer.Ordinal) ?? [];
        foreach (var element in sd.Differential?.Element ?? [])
        {
            var path = element.Path ?? "";
            var dot = path.LastIndexOf('.');
            if (dot < 0 || basePaths.ContainsKey(path) || !basePaths.TryGetValue(path[..dot], out var parent))
            {
                continue;
            }

            var parentIsContainer = !path[..dot].Contains('.', StringComparison.Ordinal)
                || parent.Type.Any(t => t.Code is "BackboneElement" or "Element");
            if (parentIsContainer)
            {
                return element.ElementId ?? path;
            }
        }

        return null;
    }

    private static async System.Threading.Tasks.Task CheckValueSetAsync(ProfileFile file, ValueSet vs, IAsyncResourceResolver resolver)
    {
        foreach (var include in vs.Compose?.Include ?? [])
        {
            if (include.System is { } system
                && include.Concept.Count == 0
                && (await resolver.TryResolveByCanonicalUriAsync(system).ConfigureAwait(false)).Value is not CodeSystem)
            {
                throw new ProfileLoadException(file.FileName, $"includes CodeSystem '{system}', which is not available offline");
            }
        }
    }
}
