using System.Threading.Channels;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>
/// Hands changes from the observers (a sandbox writer's thread, a proxied request) to the processor without making
/// either wait on matching or the store.
/// </summary>
internal sealed class ChangeQueue(SubscriptionCache cache)
{
    private readonly Channel<ResourceChange> channel = Channel.CreateUnbounded<ResourceChange>(new UnboundedChannelOptions { SingleReader = true });

    public ChannelReader<ResourceChange> Reader => channel.Reader;

    /// <summary>Queues the change when somebody could be interested; most writes (seeding, imports) stop here.</summary>
    public void Offer(string type, Func<ResourceChange> change)
    {
        if (Topics.WatchedTypes.Contains(type) && cache.AnyFor(type))
        {
            channel.Writer.TryWrite(change());
        }
    }

    public void Complete() => channel.Writer.TryComplete();
}
