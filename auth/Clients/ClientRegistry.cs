using System.Collections.Immutable;
using System.Text.Json;
using OpenIddict.Abstractions;

namespace Lead.Auth.Clients;

/// <summary>Reads and writes SMART client registrations through OpenIddict's application manager.</summary>
internal sealed class ClientRegistry(IOpenIddictApplicationManager applications)
{
    public async Task<RegisteredClient?> FindAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken);
        return application is null ? null : await ReadAsync(application, cancellationToken);
    }

    public async Task<List<RegisteredClient>> ListAsync(CancellationToken cancellationToken)
    {
        var result = new List<RegisteredClient>();
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            result.Add(await ReadAsync(application, cancellationToken));
        }

        return result;
    }

    public async Task SaveAsync(SmartClientOptions client, string origin, CancellationToken cancellationToken)
    {
        var descriptor = ClientDescriptorFactory.Create(client, origin);
        var existing = await applications.FindByClientIdAsync(client.ClientId, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
        else
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
    }

    public async Task<bool> RemoveAsync(string clientId, CancellationToken cancellationToken)
    {
        var existing = await applications.FindByClientIdAsync(clientId, cancellationToken);
        if (existing is null)
        {
            return false;
        }

        await applications.DeleteAsync(existing, cancellationToken);
        return true;
    }

    private async Task<RegisteredClient> ReadAsync(object application, CancellationToken cancellationToken)
    {
        var properties = await applications.GetPropertiesAsync(application, cancellationToken);
        return new RegisteredClient(
            await applications.GetClientIdAsync(application, cancellationToken) ?? string.Empty,
            String(properties, ClientProperties.Type) ?? SmartClientTypes.Public,
            await applications.GetDisplayNameAsync(application, cancellationToken),
            String(properties, ClientProperties.Organisation),
            await applications.GetJsonWebKeySetAsync(application, cancellationToken),
            String(properties, ClientProperties.JwksUri),
            String(properties, ClientProperties.Scopes) ?? string.Empty,
            properties.TryGetValue(ClientProperties.Sources, out var sources) && sources.ValueKind == JsonValueKind.Array
                ? sources.EnumerateArray().Select(s => s.GetString() ?? string.Empty).ToList()
                : [],
            String(properties, ClientProperties.Origin) ?? "unknown");
    }

    private static string? String(ImmutableDictionary<string, JsonElement> properties, string name) =>
        properties.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
