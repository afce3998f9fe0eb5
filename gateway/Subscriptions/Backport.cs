namespace Lead.Gateway.Subscriptions;

/// <summary>Canonical URLs of the Subscriptions R5 Backport IG (R4) the gateway reads and writes.</summary>
internal static class Backport
{
    private const string Base = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";

    public const string SubscriptionProfile = Base + "backport-subscription";
    public const string StatusProfile = Base + "backport-subscription-status-r4";
    public const string NotificationProfile = Base + "backport-subscription-notification-r4";
    public const string FilterCriteria = Base + "backport-filter-criteria";
    public const string HeartbeatPeriod = Base + "backport-heartbeat-period";
    public const string Timeout = Base + "backport-timeout";
    public const string MaxCount = Base + "backport-max-count";
    public const string PayloadContent = Base + "backport-payload-content";
    public const string TopicCanonical = Base + "capabilitystatement-subscriptiontopic-canonical";

    public const string Empty = "empty";
    public const string IdOnly = "id-only";
    public const string FullResource = "full-resource";

    public const string Handshake = "handshake";
    public const string Heartbeat = "heartbeat";
    public const string EventNotification = "event-notification";
}
