using System.Net.Sockets;

namespace Lead.Gateway.Subscriptions;

/// <summary>The HttpClient notifications leave by: refuses to connect to private addresses unless configured.</summary>
internal static class NotificationHttp
{
    public const string ClientName = "subscription-notifications";

    public static SocketsHttpHandler CreateHandler(EndpointPolicy policy) => new()
    {
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                if (!policy.AllowPrivate && socket.RemoteEndPoint is System.Net.IPEndPoint remote && Lead.Auth.BackendServices.AddressPolicy.IsPrivate(remote.Address))
                {
                    throw new HttpRequestException("The notification endpoint resolved to a private address.");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
