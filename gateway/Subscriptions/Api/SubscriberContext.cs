using Lead.Auth.Scopes;
using Lead.Gateway.Smart;
using Microsoft.Extensions.Options;

namespace Lead.Gateway.Subscriptions.Api;

/// <summary>Who is calling the subscription endpoints: the validated token's client, grants and patient.</summary>
internal sealed record SubscriberContext(string ClientId, SmartTokenContext Token, bool IsUnauthenticated)
{
    /// <summary>With SMART enforcement disabled (Smart:Enforcement=disabled, for benchmarks) every caller is this one client.</summary>
    public const string AnonymousClient = "anonymous";

    public static SubscriberContext From(HttpContext context)
    {
        var token = SmartTokenContext.FromPrincipal(context.User);
        // Only switching SMART off makes a caller unauthenticated; a token without scopes grants nothing.
        var smartOff = !context.RequestServices.GetRequiredService<IOptions<SmartOptions>>().Value.IsRequired;
        return new SubscriberContext(token.ClientId ?? AnonymousClient, token, smartOff);
    }

    public bool Allows(string type, SmartInteraction interaction) =>
        IsUnauthenticated || Enum.GetValues<SmartContext>().Any(c => Token.Scopes.Allows(c, type, interaction));

    public bool IsSystem(string type, SmartInteraction interaction) =>
        IsUnauthenticated || Token.Scopes.Allows(SmartContext.System, type, interaction);

    /// <summary>The scopes to store with a subscription; without SMART, everything.</summary>
    public string Scopes => IsUnauthenticated ? "system/*.cruds" : Token.Scopes.ToString();
}
