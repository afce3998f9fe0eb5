using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace Lead.Auth.AppLaunch;

/// <summary>
/// A refresh asking for a scope beyond the original grant is <c>invalid_scope</c> (RFC 6749 §5.2); OpenIddict refuses
/// it too, but as <c>invalid_grant</c>. Runs just before OpenIddict's own check.
/// </summary>
internal sealed class RefreshScopeHandler : IOpenIddictServerHandler<ValidateTokenRequestContext>
{
    public static OpenIddictServerHandlerDescriptor Descriptor { get; } =
        OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenRequestContext>()
            .UseSingletonHandler<RefreshScopeHandler>()
            .SetOrder(OpenIddictServerHandlers.Exchange.ValidateGrantedScopes.Descriptor.Order - 1)
            .SetType(OpenIddictServerHandlerType.Custom)
            .Build();

    public ValueTask HandleAsync(ValidateTokenRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.IsRefreshTokenGrantType() || string.IsNullOrEmpty(context.Request.Scope) || context.RefreshTokenPrincipal is null)
        {
            return default;
        }

        var granted = context.RefreshTokenPrincipal.GetScopes();
        if (context.Request.GetScopes().Any(scope => !granted.Contains(scope, StringComparer.Ordinal)))
        {
            context.Reject(error: Errors.InvalidScope, description: "A refresh cannot add scopes to the original grant.");
        }

        return default;
    }
}
