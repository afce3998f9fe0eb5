using System.Net;
using System.Net.Sockets;
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

        if (!AllowPrivate && (uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IsPrivate(address))))
        {
            return "Subscription.channel.endpoint must be a public address (loopback and private networks are refused).";
        }

        endpoint = uri;
        return null;
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] >= 64 && b[1] <= 127,     // carrier-grade NAT
            169 => b[1] == 254,                   // link-local, cloud metadata
            172 => b[1] >= 16 && b[1] <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            >= 224 => true,
            _ => false,
        };
    }
}
