namespace Lead.Auth;

/// <summary>One client registration (<c>Auth:Clients</c>, or the <c>clients</c> command).</summary>
public sealed record SmartClientOptions
{
    public string ClientId { get; init; } = string.Empty;

    public string? DisplayName { get; init; }

    public string? Organisation { get; init; }

    /// <summary><c>public</c> (App Launch, PKCE), <c>confidential</c> (App Launch with a secret or keys) or <c>backend</c> (Backend Services).</summary>
    public string Type { get; init; } = "backend";

    /// <summary>Public JWKS as inline JSON (<c>{"keys":[...]}</c>).</summary>
    public string? Jwks { get; init; }

    /// <summary>https URL of the client's JWKS, fetched without redirects and cached no longer than its Cache-Control.</summary>
    public string? JwksUri { get; init; }

    /// <summary>Shared secret (<c>client_secret_basic</c>) of a confidential App Launch client.</summary>
    public string? Secret { get; init; }

    public List<string> RedirectUris { get; init; } = [];

    /// <summary>Space-separated scopes this client may be granted (SMART v1/v2, <c>openid</c>, <c>launch/patient</c>...).</summary>
    public string Scopes { get; init; } = string.Empty;

    /// <summary>FHIR source ids the client may reach; empty means all (enforced by the gateway).</summary>
    public List<string> Sources { get; init; } = [];

    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return "ClientId is required.";
        }

        switch (Type)
        {
            case SmartClientTypes.Backend when string.IsNullOrWhiteSpace(Jwks) == string.IsNullOrWhiteSpace(JwksUri):
                yield return "a backend client needs exactly one of Jwks or JwksUri.";
                break;
            case SmartClientTypes.Backend when !string.IsNullOrEmpty(Secret):
                yield return "a backend client authenticates with private_key_jwt, not a secret.";
                break;
            case SmartClientTypes.Public when !string.IsNullOrEmpty(Secret) || !string.IsNullOrEmpty(Jwks) || !string.IsNullOrEmpty(JwksUri):
                yield return "a public client has no secret or keys.";
                break;
            case SmartClientTypes.Confidential when string.IsNullOrEmpty(Secret) && string.IsNullOrEmpty(Jwks) && string.IsNullOrEmpty(JwksUri):
                yield return "a confidential client needs a Secret, Jwks or JwksUri.";
                break;
            case SmartClientTypes.Backend or SmartClientTypes.Public or SmartClientTypes.Confidential:
                break;
            default:
                yield return "Type must be public, confidential or backend.";
                break;
        }

        if (Type is SmartClientTypes.Public or SmartClientTypes.Confidential && RedirectUris.Count == 0)
        {
            yield return "App Launch clients need at least one RedirectUri.";
        }

        if (!string.IsNullOrEmpty(JwksUri) && !Uri.TryCreate(JwksUri, UriKind.Absolute, out _))
        {
            yield return "JwksUri must be an absolute URL.";
        }

        if (!string.IsNullOrEmpty(Jwks) && Clients.JwksGuard.Check(Jwks) is { } jwksError)
        {
            yield return jwksError;
        }
    }
}
