namespace Lead.Gateway.Tests.Infrastructure;

/// <summary>Finds <c>../shared</c> (FHIR test cases, Synthea sample) by walking up from the test binaries.</summary>
internal static class SharedFolder
{
    public static string? Find(string relative)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "shared", relative);
            if (File.Exists(candidate) || Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
