namespace Lead.Gateway.Subscriptions.Storage;

/// <summary>
/// One notification in the outbox: written in the same transaction as the event number, delivered by whichever
/// replica leases it, kept after delivery so <c>$events</c> can answer from the store.
/// </summary>
internal sealed class NotificationRow
{
    public long Id { get; set; }

    public required string SubscriptionId { get; set; }

    /// <summary>handshake, heartbeat or event-notification.</summary>
    public required string Kind { get; set; }

    /// <summary>For events: the subscription's event number.</summary>
    public long? EventNumber { get; set; }

    /// <summary>For events: source/type/id/version|topic, so the same change seen twice is one event.</summary>
    public string? DedupeKey { get; set; }

    public long TimestampTicks { get; set; }

    /// <summary>When the gateway accepted the change (for latency figures).</summary>
    public long AcceptedTicks { get; set; }

    public string? FocusSource { get; set; }

    public string? FocusType { get; set; }

    public string? FocusId { get; set; }

    /// <summary>The focus resource as it was at event time (full-resource payloads).</summary>
    public string? FocusJson { get; set; }

    /// <summary>Other resources that travel with the event (a forwarded message's entries), as a JSON array.</summary>
    public string? ContextJson { get; set; }

    /// <summary>create or update: the interaction shown in the history entry.</summary>
    public string? Interaction { get; set; }

    /// <summary>pending, delivered or failed.</summary>
    public string State { get; set; } = OutboxStates.Pending;

    public int Attempts { get; set; }

    public long NextAttemptTicks { get; set; }

    public long LeaseUntilTicks { get; set; }

    public string? LeaseOwner { get; set; }

    public long? DeliveredTicks { get; set; }

    public string? LastError { get; set; }
}

internal static class OutboxStates
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";
}
