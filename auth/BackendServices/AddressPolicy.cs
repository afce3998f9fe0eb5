using System.Net;
using System.Net.Sockets;

namespace Lead.Auth.BackendServices;

/// <summary>
/// Which addresses an outbound call the gateway makes for someone else (a client's <c>jwks_uri</c>, a subscriber's
/// rest-hook endpoint) may reach. Checked on the connected socket's address (not the host name), so DNS tricks that
/// resolve a public name to 127.0.0.1 or 169.254.169.254 are refused too.
/// </summary>
public static class AddressPolicy
{
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
            var bytes = address.GetAddressBytes();
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal
                || address.IsIPv6Multicast || (bytes[0] == 0x20 && bytes[1] == 0x01 && bytes[2] == 0x0d && bytes[3] == 0xb8);
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] >= 64 && b[1] <= 127,     // carrier-grade NAT
            169 => b[1] == 254,                   // link-local, cloud metadata
            172 => b[1] >= 16 && b[1] <= 31,
            192 => (b[1] == 168) || (b[1] == 0 && b[2] == 0),
            198 => b[1] == 18 || b[1] == 19,      // benchmarking
            >= 224 => true,                       // multicast, reserved, broadcast
            _ => false,
        };
    }
}
