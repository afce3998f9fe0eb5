namespace Lead.Profiles.Loading;

/// <summary>
/// A conformance resource in the profiles folder could not be loaded, snapshotted or compiled.
/// Thrown at start-up so a broken profile never reaches request handling.
/// </summary>
public sealed class ProfileLoadException : Exception
{
    public ProfileLoadException()
    {
    }

    public ProfileLoadException(string message)
        : base(message)
    {
    }

    public ProfileLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ProfileLoadException(string fileName, string fault, Exception? innerException = null)
        : base($"Profile file '{fileName}' is broken: {fault}", innerException)
    {
        FileName = fileName;
        Fault = fault;
    }

    /// <summary>The file (name within the profiles folder) that failed.</summary>
    public string? FileName { get; }

    /// <summary>What is wrong with it.</summary>
    public string? Fault { get; }
}
