using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Sources;

/// <summary>The gateway's own credentials for one upstream.</summary>
public sealed record SourceAuthOptions
{
    /// <summary><c>none</c>, <c>bearer</c> (a static token) or <c>client-credentials</c> (OAuth 2.0, client_secret_basic).</summary>
    [RegularExpression("^(none|bearer|client-credentials)$", ErrorMessage = "Auth:Mode must be none, bearer or client-credentials.")]
    public string Mode { get; init; } = "none";

    /// <summary>The static bearer token (mode <c>bearer</c>). Keep it in a secret store or environment variable.</summary>
    public string? Token { get; init; }

    /// <summary>Token endpoint (mode <c>client-credentials</c>).</summary>
    [Url]
    public string? TokenEndpoint { get; init; }

    public string? ClientId { get; init; }

    public string? ClientSecret { get; init; }

    /// <summary>Scopes to ask for, space separated, e.g. <c>system/*.read</c>.</summary>
    public string? Scope { get; init; }
}
