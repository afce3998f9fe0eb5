using Lead.Auth.Scopes;
using Lead.Gateway.Smart;
using Lead.Gateway.Subscriptions.Events;
using Lead.Gateway.Subscriptions.Storage;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>Who is calling the subscription endpoints: the validated token's client, grants and patient.</summary>
internal sealed record SubscriberContext(string ClientId, SmartTokenContext Token, bool IsUnauthenticated, string? PatientSource)
{
    /// <summary>With SMART enforcement disabled (Smart:Enforcement=disabled, for benchmarks) every caller is this one client.</summary>
    public const string AnonymousClient = "anonymous";

    public static SubscriberContext From(HttpContext context)
    {
        var token = SmartTokenContext.FromPrincipal(context.User);
        // Only switching SMART off makes a caller unauthenticated; a token without scopes grants nothing.
        var smartOff = !context.RequestServices.GetRequiredService<IOptions<SmartOptions>>().Value.IsRequired;
        var patientSource = token.PatientId is null ? null
            : SmartPatientSource.Of(context.User, context.RequestServices.GetRequiredService<Sources.SourceRegistry>(), context.RequestServices.GetRequiredService<Routing.UnifiedRoutes>());
        return new SubscriberContext(token.ClientId ?? AnonymousClient, token, smartOff, patientSource);
    }

    /// <summary>
    /// The token's patient context (the <c>patient</c> claim of an App Launch token) as a (source, id) key
    /// (<see cref="PatientPlaces"/>): the source is the one its audience names (<see cref="SmartPatientSource"/>), as
    /// Patient/17 of one source is not Patient/17 of another. One SMART app has one client id for all its users, so the
    /// patient is part of who owns a subscription. <c>Patient/{id}@</c> when the patient cannot be placed (creating is refused).
    /// </summary>
    public string? PatientId => IsUnauthenticated || Token.PatientId is not { } id ? null
        : PatientPlaces.Key(PatientSource ?? "", id);

    /// <summary>
    /// Whether the subscription is the caller's: same client and same patient context (a token without one owns only
    /// subscriptions created without one). Callers answer 404 otherwise, never revealing that it exists.
    /// </summary>
    public bool Owns(SubscriptionRow row) =>
        string.Equals(row.ClientId, ClientId, StringComparison.Ordinal) && string.Equals(row.PatientId, PatientId, StringComparison.Ordinal);

    /// <summary>Unconstrained grants only: a SMART v2 query constraint cannot be applied to a subscription or an event (fail closed).</summary>
    public bool Allows(string type, SmartInteraction interaction) =>
        IsUnauthenticated || Enum.GetValues<SmartContext>().Any(c => SubscriberGrants.Unconstrained(Token.Scopes, c, type, interaction));

    public bool IsSystem(string type, SmartInteraction interaction) =>
        IsUnauthenticated || SubscriberGrants.Unconstrained(Token.Scopes, SmartContext.System, type, interaction);

    /// <summary>Whether the current token may hear of events on the type (read or search, unconstrained).</summary>
    public bool MayRead(string type) => IsUnauthenticated || SubscriberGrants.MayRead(Token.Scopes, type);

    /// <summary>Whether the current token may see the resources themselves (read, unconstrained).</summary>
    public bool MayReadResource(string type) => IsUnauthenticated || SubscriberGrants.MayReadResource(Token.Scopes, type);

    /// <summary>The scopes to store with a subscription; without SMART, everything.</summary>
    public string Scopes => IsUnauthenticated ? "system/*.cruds" : Token.Scopes.ToString();
}
