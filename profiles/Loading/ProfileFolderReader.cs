using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Lead.Profiles.Loading;

/// <summary>One conformance resource of the profiles folder and the file it came from.</summary>
internal sealed record ProfileFile(string FileName, Resource Resource, string Canonical);

/// <summary>
/// Reads every JSON file of the profiles folder strictly: the DirectorySource used for resolution is
/// lenient and would silently skip a broken file, so start-up reads each one first and names the culprit.
/// </summary>
internal static class ProfileFolderReader
{
    private static readonly FhirJsonDeserializer StrictParser = new(new DeserializerSettings());

    public static IReadOnlyList<ProfileFile> Read(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new ProfileLoadException($"Profiles folder '{directory}' does not exist.");
        }

        var files = new List<ProfileFile>();
        var byCanonical = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
        {
            var file = ReadOne(path);
            if (!byCanonical.TryAdd(file.Canonical, file.FileName))
            {
                throw new ProfileLoadException(file.FileName, $"canonical url '{file.Canonical}' is also defined by '{byCanonical[file.Canonical]}'");
            }

            files.Add(file);
        }

        return files.Count == 0
            ? throw new ProfileLoadException($"Profiles folder '{directory}' holds no *.json conformance resources.")
            : files;
    }

    private static ProfileFile ReadOne(string path)
    {
        var name = Path.GetFileName(path);
        Resource resource;
        try
        {
            resource = StrictParser.DeserializeResource(File.ReadAllText(path));
        }
        catch (DeserializationFailedException ex)
        {
            throw new ProfileLoadException(name, "not a valid FHIR R4 resource: " + ex.Message, ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ProfileLoadException(name, $"malformed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}: {ex.Message}", ex);
        }

        var canonical = resource switch
        {
            StructureDefinition sd => sd.Url,
            ValueSet vs => vs.Url,
            CodeSystem cs => cs.Url,
            SearchParameter sp => sp.Url,
            _ => throw new ProfileLoadException(name, $"a {resource.TypeName} is not a conformance resource this folder may hold"),
        };

        return string.IsNullOrWhiteSpace(canonical)
            ? throw new ProfileLoadException(name, "the conformance resource has no url")
            : new ProfileFile(name, resource, canonical);
    }
}
