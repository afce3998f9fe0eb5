using System.Text.Json;

namespace Lead.Gateway.Subscriptions.Events;

/// <summary>What an event is about, and what may travel with it.</summary>
/// <param name="SourceId">The source the resource lives in; null for a forwarded message (no source).</param>
/// <param name="DedupeKey">Same for every observation of one change; null when each recording is its own event.</param>
/// <param name="MatchesFilters">Overrides filter evaluation (a forwarded message matches patients by identifier too).</param>
/// <param name="Patients">
/// For a focus without a source (a forwarded message): the patient's (source, id) keys (<see cref="PatientPlaces"/>)
/// the gateway found; a patient/ subscriber hears of it only when its own patient is one of them.
/// </param>
/// <param name="OncePerFocus">
/// The version before was unknown (it could not be read): a transition topic goes to a subscription only if it has no
/// event about this resource yet, so a repeated update does not announce the same start or end twice.
/// </param>
internal sealed record EventFocus(
    string? SourceId,
    string Type,
    string Id,
    string Interaction,
    string? DedupeKey,
    DateTimeOffset AcceptedAt,
    IReadOnlyList<JsonElement> Context,
    Func<IReadOnlyList<SubscriptionFilter>, bool>? MatchesFilters = null,
    IReadOnlySet<string>? Patients = null,
    bool OncePerFocus = false);
