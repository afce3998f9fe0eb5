using System.ComponentModel.DataAnnotations;

namespace Lead.Gateway.Subscriptions;

/// <summary>Topic-based subscriptions (R5 Backport for R4): where notifications may go and how hard delivery tries.</summary>
public sealed record SubscriptionsOptions
{
    public const string SectionName = "Subscriptions";

    /// <summary>
    /// Allow rest-hook endpoints on loopback, private, link-local and other non-public addresses. Off by default: a
    /// subscriber must not make the gateway call into the network it sits in (SSRF). Tests and closed networks set it.
    /// </summary>
    public bool AllowPrivateEndpoints { get; init; }

    /// <summary>Delivery attempts per notification before it is given up and the subscription set to <c>error</c>.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; init; } = 10;

    /// <summary>Delay before the first retry; doubled after each failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan InitialRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long a replica owns leased deliveries; another replica takes over after it (a crashed owner).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the outbox is polled when nothing signals new work (other replicas' events, due retries).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Default per-notification HTTP timeout when the subscription names none (backport-timeout).</summary>
    [Range(1, 300)]
    public int DefaultTimeoutSeconds { get; init; } = 10;

    /// <summary>Smallest heartbeat period a subscriber may ask for, in seconds.</summary>
    [Range(1, 86400)]
    public int MinHeartbeatSeconds { get; init; } = 1;

    /// <summary>
    /// How long delivered and failed notifications stay in the outbox (for <c>$events</c> and <c>$status</c>) before they
    /// are deleted, with the resource content they carry. Pending ones are never deleted. Default 7 days.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan OutboxRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Deliveries sent at once by one replica.</summary>
    [Range(1, 256)]
    public int MaxConcurrentDeliveries { get; init; } = 16;
}
