using Lead.Gateway.Smart;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace Lead.Gateway.Subscriptions.Delivery;

/// <summary>
/// Whether a subscription's client is still registered with the gateway's authorization server: an offboarded client's
/// subscriptions stop sending (looked up at most once per <c>Smart:RevocationCheckInterval</c> per client, as revoked
/// tokens are). With an external authority (<c>Auth:Authority</c>)
/// or SMART switched off there is no registry here, and the subscription's stored grants are all there is.
/// </summary>
internal sealed class SubscriberRegistration(IServiceScopeFactory scopes, IMemoryCache cache, IOptions<SmartOptions> smart)
{
    public async Task<bool> IsRegisteredAsync(string clientId, CancellationToken ct)
    {
        if (!smart.Value.IsRequired)
        {
            return true;
        }

        var key = "lead-subscriber-registered:" + clientId;
        if (cache.TryGetValue(key, out bool registered))
        {
            return registered;
        }

        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<IOpenIddictApplicationManager>() is not { } applications)
        {
            return true;
        }

        registered = await applications.FindByClientIdAsync(clientId, ct) is not null;
        if (smart.Value.RevocationCheckInterval > TimeSpan.Zero)
        {
            cache.Set(key, registered, smart.Value.RevocationCheckInterval);
        }

        return registered;
    }
}
