using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Lead.Auth.Clients;

/// <summary>
/// Turns a SMART registration into an OpenIddict application. Scope permissions are not used: SMART scopes are an open
/// grammar, so granted scopes are computed as requested ∩ <see cref="ClientProperties.Scopes"/> by the token endpoint.
/// </summary>
internal static class ClientDescriptorFactory
{
    public static OpenIddictApplicationDescriptor Create(SmartClientOptions client, string origin)
    {
        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = client.ClientId,
            DisplayName = client.DisplayName ?? client.ClientId,
            ConsentType = ConsentTypes.Implicit,
            ClientType = client.Type == SmartClientTypes.Public ? ClientTypes.Public : ClientTypes.Confidential,
            ClientSecret = string.IsNullOrEmpty(client.Secret) ? null : client.Secret,
            JsonWebKeySet = string.IsNullOrEmpty(client.Jwks) ? null : new JsonWebKeySet(client.Jwks),
        };

        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        descriptor.Permissions.Add(Permissions.Endpoints.Revocation);
        if (client.Type == SmartClientTypes.Backend)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }
        else
        {
            if (client.Type == SmartClientTypes.Confidential)
            {
                descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
            }

            descriptor.Permissions.Add(Permissions.Endpoints.Authorization);
            descriptor.Permissions.Add(Permissions.GrantTypes.AuthorizationCode);
            descriptor.Permissions.Add(Permissions.GrantTypes.RefreshToken);
            descriptor.Permissions.Add(Permissions.ResponseTypes.Code);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            foreach (var uri in client.RedirectUris)
            {
                descriptor.RedirectUris.Add(new Uri(uri, UriKind.Absolute));
            }
        }

        descriptor.Properties[ClientProperties.Type] = JsonSerializer.SerializeToElement(client.Type);
        descriptor.Properties[ClientProperties.Scopes] = JsonSerializer.SerializeToElement(client.Scopes);
        descriptor.Properties[ClientProperties.Sources] = JsonSerializer.SerializeToElement(client.Sources);
        descriptor.Properties[ClientProperties.Origin] = JsonSerializer.SerializeToElement(origin);
        if (!string.IsNullOrEmpty(client.Organisation))
        {
            descriptor.Properties[ClientProperties.Organisation] = JsonSerializer.SerializeToElement(client.Organisation);
        }

        if (!string.IsNullOrEmpty(client.JwksUri))
        {
            descriptor.Properties[ClientProperties.JwksUri] = JsonSerializer.SerializeToElement(client.JwksUri);
        }

        return descriptor;
    }
}
