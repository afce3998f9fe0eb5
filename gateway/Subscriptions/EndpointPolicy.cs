using System.Net;
using Lead.Auth.BackendServices;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions;

/// <summary>
/// Where notifications may be sent. Private addresses are refused unless configured: checked on the connecting
/// socket's address (see <see cref="NotificationHttp"/>), so a public name resolving to 127.0.0.1 is refused too.
/// </summary>
internal sealed class EndpointPolicy(IOptions<SubscriptionsOptions> options)
{
    public bool AllowPrivate => options.Value.AllowPrivateEndpoints;

    /// <summary>Null when the endpoint is acceptable; otherwise why not.</summary>
    public string? CheckSyntax(string? text, out Uri? endpoint)
    {
        endpoint = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return "Subscription.channel.endpoint must be an absolute http(s) URL without credentials.";
        }

        if (!AllowPrivate && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && AddressPolicy.IsPrivate(address))))
        {
            return "Subscription.channel.endpoint must be a public address (loopback and private networks are refused).";
        }

        endpoint = uri;
        return null;
    }
}
