using Microsoft.IdentityModel.Tokens;

namespace Lead.Auth.Clients;

/// <summary>A client as stored: OpenIddict's application plus the SMART registration details kept in its properties.</summary>
internal sealed record RegisteredClient(
    string ClientId,
    string Type,
    string? DisplayName,
    string? Organisation,
    JsonWebKeySet? Jwks,
    string? JwksUri,
    string Scopes,
    IReadOnlyList<string> Sources,
    string Origin);
