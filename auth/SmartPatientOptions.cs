namespace Lead.Auth;

/// <summary>A patient offered by the default patient picker.</summary>
public sealed record SmartPatientOptions
{
    public string Id { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;
}
