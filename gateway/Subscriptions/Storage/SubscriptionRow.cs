namespace Lead.Gateway.Subscriptions.Storage;

/// <summary>A subscription as the gateway keeps it: the resource as accepted plus what delivery and access need.</summary>
internal sealed class SubscriptionRow
{
    public required string Id { get; set; }

    /// <summary>The Subscription resource as last accepted (status and id set by the gateway).</summary>
    public required string Json { get; set; }

    public int VersionId { get; set; } = 1;

    public required string ClientId { get; set; }

    /// <summary>The scopes granted to the token that created or last updated it: notifications never show more.</summary>
    public required string Scopes { get; set; }

    /// <summary>
    /// The token's patient (patient/ tokens) as <c>Patient/{id}@{source}</c>: notifications only about that patient in
    /// that source (the same id elsewhere is someone else). A bare id (stored before) is placed nowhere and hears nothing.
    /// </summary>
    public string? PatientId { get; set; }

    /// <summary>Space-separated source ids the client is registered for; empty means all.</summary>
    public string Sources { get; set; } = "";

    /// <summary>The gateway's FHIR base as the subscriber saw it: notifications reference the subscription there.</summary>
    public required string FhirBase { get; set; }

    public required string Topic { get; set; }

    /// <summary>Filters (<c>Type?name=value&amp;…</c>), one per line.</summary>
    public string Filters { get; set; } = "";

    public required string Endpoint { get; set; }

    /// <summary>Headers to send, one <c>Name: value</c> per line.</summary>
    public string Headers { get; set; } = "";

    public required string Content { get; set; }

    public string ContentType { get; set; } = "application/fhir+json";

    public int? HeartbeatSeconds { get; set; }

    public int TimeoutSeconds { get; set; }

    public int MaxCount { get; set; } = 1;

    /// <summary>requested, active, error or off.</summary>
    public required string Status { get; set; }

    public string? Error { get; set; }

    /// <summary>Events numbered so far (backport events-since-subscription-start).</summary>
    public long EventCount { get; set; }

    public long NextHeartbeatTicks { get; set; }

    public long? EndTicks { get; set; }

    public long CreatedTicks { get; set; }
}
