using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Storage;

/// <summary>Which database holds the gateway's state.</summary>
public sealed record StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary><c>sqlite</c> (embedded default, one file under the data directory) or <c>postgres</c>.</summary>
    [Required, RegularExpression("^(sqlite|postgres)$", ErrorMessage = "Storage:Provider must be 'sqlite' or 'postgres'.")]
    public string Provider { get; init; } = "sqlite";

    /// <summary>Connection string; for SQLite, empty means <c>{DataDirectory}/gateway.db</c>.</summary>
    public string? ConnectionString { get; init; }
}
