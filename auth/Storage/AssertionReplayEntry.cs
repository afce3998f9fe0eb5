namespace Lead.Auth.Storage;

/// <summary>A client assertion's <c>jti</c>, kept until the assertion's own expiry (after which it could not be replayed anyway).</summary>
internal sealed class AssertionReplayEntry
{
    public required string ClientId { get; set; }

    public required string Jti { get; set; }

    /// <summary>Unix seconds: comparable in SQL on every provider (SQLite cannot compare DateTimeOffset).</summary>
    public long ExpiresAtUnixSeconds { get; set; }
}
