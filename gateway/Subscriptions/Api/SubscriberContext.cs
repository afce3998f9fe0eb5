using Lead.Auth.Scopes;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>Who is calling the subscription endpoints: the validated token's client, grants and patient.</summary>
internal sealed record SubscriberContext(string ClientId, SmartTokenContext Token)
{
    /// <summary>With SMART switched off (closed networks) every caller is the one anonymous client.</summary>
    public const string AnonymousClient = "anonymous";

    public static SubscriberContext From(HttpContext context)
    {
        var token = SmartTokenContext.FromPrincipal(context.User);
        return new SubscriberContext(token.ClientId ?? AnonymousClient, token);
    }

    public bool Allows(string type, SmartInteraction interaction) =>
        IsUnauthenticated || Enum.GetValues<SmartContext>().Any(c => Token.Scopes.Allows(c, type, interaction));

    public bool IsSystem(string type, SmartInteraction interaction) =>
        IsUnauthenticated || Token.Scopes.Allows(SmartContext.System, type, interaction);

    /// <summary>The scopes to store with a subscription; without SMART, everything.</summary>
    public string Scopes => IsUnauthenticated ? "system/*.cruds" : Token.Scopes.ToString();

    private bool IsUnauthenticated => Token.ClientId is null && Token.Scopes.All.Count == 0;
}
