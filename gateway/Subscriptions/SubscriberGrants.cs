using Lead.Auth.Scopes;

namespace Lead.Gateway.Subscriptions;

/// <summary>
/// What a subscriber's scopes let it hear of. Unconstrained grants only (fail closed, as <c>IdentityAccess</c> does):
/// an event is not a query, so a SMART v2 constraint such as <c>Encounter.rs?class=…|EMER</c> cannot be applied to it
/// and grants nothing here.
/// </summary>
internal static class SubscriberGrants
{
    /// <summary>Read or search on the type, in any context, without query constraints: enough to hear that something happened.</summary>
    public static bool MayRead(SmartScopeSet scopes, string type) =>
        Enum.GetValues<SmartContext>().Any(c => Unconstrained(scopes, c, type, SmartInteraction.Read) || Unconstrained(scopes, c, type, SmartInteraction.Search));

    /// <summary>Read on the type without query constraints: what a full-resource payload needs.</summary>
    public static bool MayReadResource(SmartScopeSet scopes, string type) =>
        Enum.GetValues<SmartContext>().Any(c => Unconstrained(scopes, c, type, SmartInteraction.Read));

    /// <summary>Whether some grant covers the interaction at all; after an unconstrained check failed, that it is constrained only (to say why a request is refused).</summary>
    public static bool AnyGrant(SmartScopeSet scopes, string type, params SmartInteraction[] interactions) =>
        Enum.GetValues<SmartContext>().Any(c => interactions.Any(i => scopes.GrantsFor(c, type, i).Count > 0));

    public static bool Unconstrained(SmartScopeSet scopes, SmartContext context, string type, SmartInteraction interaction) =>
        scopes.GrantsFor(context, type, interaction).Any(g => !g.IsConstrained);
}
